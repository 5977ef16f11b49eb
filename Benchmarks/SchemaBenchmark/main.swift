// Times loading, validating and generating Swift for a schema set against libyaml parsing the
// same bytes, in one run.
//
// usage: SchemaBenchmark FOLDER [--iterations N]
import CYAML
import CanonCodegen
import CanonSchema
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let folder = arguments.first else {
    FileHandle.standardError.write(Data("usage: SchemaBenchmark FOLDER [--iterations N]\n".utf8))
    exit(2)
}
let iterations = arguments.firstIndex(of: "--iterations").flatMap { Int(arguments[$0 + 1]) } ?? 10

let paths = try SchemaSource.disk.list(folder)
let files = try paths.map { try SchemaSource.disk.read($0) }
let bytes = files.reduce(0) { $0 + $1.count }

/// libyaml's parser alone: every event, no tree, no checks.
func parseWithLibYAML(_ data: [UInt8]) -> Int {
    var parser = yaml_parser_t()
    yaml_parser_initialize(&parser)
    defer { yaml_parser_delete(&parser) }
    var events = 0
    data.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return }
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            events += 1
            if done { return }
        }
    }
    return events
}

func median(_ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return samples.sorted()[samples.count / 2]
}

var sink = 0
let libyaml = median { for file in files { sink &+= parseWithLibYAML(file) } }
let tree = median { for (path, file) in zip(paths, files) { sink &+= YAMLLoader().load(file, file: path).diagnostics.count } }
var collections = 0
var errors = 0
let full = try median {
    let result = try SchemaLoader().load(paths: [folder])
    collections = result.schema?.collections.count ?? 0
    errors = result.diagnostics.filter { $0.severity == .error }.count
}

var generatedBytes = 0
let loadedOnce = try SchemaLoader().load(paths: [folder])
let translateAndRender = median {
    sink &+= (try? GeneratorPipeline(config: GeneratorConfig(access: .public)).generate(loadedOnce).get())?.count ?? 0
}
let generate = try median {
    let result = try SchemaLoader().load(paths: [folder])
    let files = try GeneratorPipeline(config: GeneratorConfig(access: .public)).generate(result).get()
    generatedBytes = files.reduce(0) { $0 + $1.contents.utf8.count }
}

func ms(_ seconds: Double) -> String { String(format: "%8.1f ms", seconds * 1000) }
print("schema set: \(paths.count) files, \(bytes / 1024) KiB, \(collections) collections, \(errors) errors; median of \(iterations) runs")
print("libyaml parse only (baseline)     \(ms(libyaml))   1.00x")
print("YAMLLoader (tree with positions)  \(ms(tree))   \(String(format: "%.2fx", tree / libyaml))")
print("load + decode + validate          \(ms(full))   \(String(format: "%.2fx", full / libyaml))")
print("translate + render (already loaded)\(ms(translateAndRender))   \(String(format: "%.2fx", translateAndRender / libyaml))")
print("load + validate + generate Swift  \(ms(generate))   \(String(format: "%.2fx", generate / libyaml))   (\(generatedBytes / 1024) KiB of Swift)")
print("target: load + validate 1,000 collections < 1 s: \(full < 1 ? "met" : "NOT MET") (\(ms(full)))")
print("target: generate 1,000 collections < 0.3 s: \(generate < 0.3 ? "met" : "NOT MET") (\(ms(generate)))")
if sink == Int.min { print(sink) }

import Foundation

/// The current thread's name, as the transports name their threads (`canon.curl`, `canon.redis`).
func currentThreadName() -> String {
    // Linux's own record (Glibc's pthread_getname_np is not visible to Swift).
    let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
    return name.trimmingCharacters(in: .newlines)
}

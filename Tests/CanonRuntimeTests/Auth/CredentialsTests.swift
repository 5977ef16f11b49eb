@testable import CanonRuntime
import Crypto
import CryptoExtras
import Foundation
import Testing

@Suite("Credentials")
struct CredentialsTests {
    /// A service-account key for a token endpoint answered in process, and the endpoint's checks.
    struct Fixture {
        let key: _RSA.Signing.PrivateKey
        let transport: TestTransport
        let keyFile: Data

        init(expiresIn: Int = 3600, status: Int = 200) throws {
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let publicKey = key.publicKey
            self.key = key
            let transport = TestTransport { request in
                // What Google's endpoint checks: the grant type, the JWT's signature and claims.
                let form = String(decoding: request.body, as: UTF8.self)
                guard request.method == "POST", request.url == "https://oauth2.example/token",
                      form.hasPrefix("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="),
                      let jwt = form.split(separator: "=").last.map(String.init),
                      Fixture.verify(jwt, with: publicKey)
                else { return (400, Data(#"{"error":"invalid_grant"}"#.utf8)) }
                return (status, Data(#"{"access_token":"token-\#(UUID().uuidString)","expires_in":\#(expiresIn),"token_type":"Bearer"}"#.utf8))
            }
            self.transport = transport
            let json: [String: String] = [
                "type": "service_account", "client_email": "canon@demo.iam.gserviceaccount.com", "private_key_id": "key-1",
                "private_key": key.pemRepresentation, "token_uri": "https://oauth2.example/token",
            ]
            self.keyFile = try JSONSerialization.data(withJSONObject: json)
        }

        static func decode(_ segment: Substring) -> Data? {
            var text = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while text.count % 4 != 0 { text += "=" }
            return Data(base64Encoded: text)
        }

        static func verify(_ jwt: String, with key: _RSA.Signing.PublicKey) -> Bool {
            let parts = jwt.split(separator: ".")
            guard parts.count == 3, let signature = decode(parts[2]), let claimsData = decode(parts[1]), let headerData = decode(parts[0]),
                  let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any],
                  let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
                  let iat = claims["iat"] as? Int, let exp = claims["exp"] as? Int
            else { return false }
            let signed = Data("\(parts[0]).\(parts[1])".utf8)
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signed, padding: .insecurePKCS1v1_5)
                && header["alg"] as? String == "RS256" && header["kid"] as? String == "key-1"
                && claims["iss"] as? String == "canon@demo.iam.gserviceaccount.com"
                && claims["scope"] as? String == "https://www.googleapis.com/auth/datastore"
                && (claims["aud"] as? String)?.hasSuffix("/token") == true
                && exp > iat && exp <= iat + 3600 && abs(iat - Int(Date().timeIntervalSince1970)) < 60
        }
    }

    @Test("exchanges a signed JWT for a token, and caches it")
    func serviceAccount() async throws {
        let fixture = try Fixture()
        let credentials = try ServiceAccountCredentials(json: fixture.keyFile)
        let token = try #require(try await credentials.accessToken(using: fixture.transport))
        #expect(token.value.hasPrefix("token-"))
        #expect(try await credentials.accessToken(using: fixture.transport) == token, "a fresh token is reused")
        #expect(fixture.transport.requests.count == 1)
        #expect("\(token)" == "AccessToken(redacted)")
    }

    @Test("coalesces concurrent refreshes into one request")
    func coalesced() async throws {
        let fixture = try Fixture()
        let credentials = try ServiceAccountCredentials(json: fixture.keyFile)
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await credentials.accessToken(using: fixture.transport)?.value ?? "" } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(tokens.count == 1)
        #expect(fixture.transport.requests.count == 1)
    }

    @Test("refreshes a token that expires within the margin")
    func refresh() async throws {
        let fixture = try Fixture(expiresIn: 60)
        let credentials = try ServiceAccountCredentials(json: fixture.keyFile)
        let first = try await credentials.accessToken(using: fixture.transport)
        let second = try await credentials.accessToken(using: fixture.transport)
        #expect(first != second)
        #expect(fixture.transport.requests.count == 2)
    }

    @Test("reports failures without the key or a token")
    func failures() async throws {
        let fixture = try Fixture(status: 401)
        let credentials = try ServiceAccountCredentials(json: fixture.keyFile)
        do {
            _ = try await credentials.accessToken(using: fixture.transport)
            Issue.record("a refused exchange produced a token")
        } catch let error as CredentialsError {
            #expect(error.message.contains("401"))
            #expect(!error.message.contains("PRIVATE KEY") && !error.message.contains("token-"))
        }
        #expect(throws: CredentialsError.self) { try ServiceAccountCredentials(json: Data(#"{"client_email":"x","private_key":"nope"}"#.utf8)) }
    }

    @Test("reads the metadata server with Metadata-Flavor: Google")
    func metadataServer() async throws {
        let transport = TestTransport { request in
            guard request.headers["metadata-flavor"] == "Google",
                  request.path == "/computeMetadata/v1/instance/service-accounts/default/token"
            else { return (403, Data()) }
            return (200, Data(#"{"access_token":"from-metadata","expires_in":3599}"#.utf8))
        }
        let credentials = MetadataServerCredentials(host: "169.254.169.254")
        #expect(try await credentials.accessToken(using: transport)?.value == "from-metadata")
        #expect(transport.requests.map(\.url) == ["http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token"])
    }

    @Test("application default credentials follow Google's order")
    func applicationDefault() throws {
        #expect(try ApplicationDefaultCredentials.resolve(environment: ["FIRESTORE_EMULATOR_HOST": "127.0.0.1:8080"]) is EmulatorCredentials)
        let fixture = try Fixture()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("canon-adc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keyPath = folder.appendingPathComponent("key.json").path
        try fixture.keyFile.write(to: URL(fileURLWithPath: keyPath))
        #expect(try ApplicationDefaultCredentials.resolve(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyPath]) is ServiceAccountCredentials)
        try fixture.keyFile.write(to: folder.appendingPathComponent("application_default_credentials.json"))
        #expect(try ApplicationDefaultCredentials.resolve(environment: ["CLOUDSDK_CONFIG": folder.path]) is ServiceAccountCredentials)
        let metadata = try ApplicationDefaultCredentials.resolve(environment: ["HOME": folder.path, "GCE_METADATA_HOST": "127.0.0.1:1"])
        #expect((metadata as? MetadataServerCredentials)?.url == "http://127.0.0.1:1/computeMetadata/v1/instance/service-accounts/default/token")
        #expect(throws: CredentialsError.self) {
            try ApplicationDefaultCredentials.resolve(environment: ["GOOGLE_APPLICATION_CREDENTIALS": "/no/such/key.json"])
        }
    }
}

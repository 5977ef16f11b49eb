import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Binds `descriptor` to 127.0.0.1 on a port the kernel picks, and returns that port; nil if
/// binding failed. Shared by the test servers and by `RedisServer.freePort()`.
public func bindToEphemeralLoopbackPort(_ descriptor: Int32) -> UInt16? {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    return bound ? UInt16(bigEndian: address.sin_port) : nil
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes command output to a file atomically, or to standard output.
enum OutputFile {
    /// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
    /// that a reader never sees half a file and a failure leaves the old file in place. With no
    /// path, writes to standard output.
    static func write(_ bytes: [UInt8], to path: String?, console: Console, inputs: [String] = []) throws {
        guard let path, path != "-" else {
            console.writeOutput(bytes)
            return
        }
        let url = URL(fileURLWithPath: path)
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path
        for input in inputs where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path == resolved {
            throw CommandFailure(.usage, "refusing to write output over the input file \(input); choose another output path")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure(.cannotWrite, "cannot write \(path): it is a directory; give a file name")
        }
        let directory = url.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure(.cannotWrite, "cannot write \(path): directory \(directory.path) does not exist; create it first")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        if let reason = writeNewFile(bytes, at: temporary.path) {
            throw CommandFailure(.cannotWrite, "cannot write \(path): \(reason); choose a folder you can write to")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CommandFailure(.cannotWrite, "cannot write \(path): \(reason)")
        }
    }

    /// Creates `path`, which must not exist, and writes `bytes` to it. Returns the system's
    /// reason on failure, after removing whatever part of the file was written.
    private static func writeNewFile(_ bytes: [UInt8], at path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }

        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == nil {
            failure = String(cString: strerror(errno))
        }
        if failure != nil { unlink(path) }
        return failure
    }
}

import BrambleCLI
import Foundation

// The process exits as soon as the command returns, so commands may leave what they
// allocated for the operating system to release.
let status = CLI.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                     console: StandardConsole(), processExitsAfterRun: true)
exit(status.rawValue)

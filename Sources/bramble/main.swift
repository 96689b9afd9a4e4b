import BrambleCLI
import Foundation
exit(CLI.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, console: StandardConsole(), exitsAfterward: true).rawValue)

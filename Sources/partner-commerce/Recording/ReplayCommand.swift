import ArgumentParser
import CommerceServer
import Foundation

/// `partner-commerce replay FOLDER`: serves recorded exchanges back, each once, in order.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Answer requests from a fixtures folder made by `record`.",
        discussion: """
            A request gets the first recorded answer not yet served whose request had the same method, path and body \
            (secrets masked as the recording masked them; headers are not compared). A request nothing matches gets \
            404 with a Partner Center error body that says why.
            """
    )

    @Argument(help: "The fixtures folder.") var folder: String
    @Option(help: "Port to listen on (0: any free port).") var port: Int = 8082
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
    }

    func run() async throws {
        let folder = folder
        let unserved: Int
        do {
            unserved = try await RecordingTools.replay(
                folder: folder, host: host, port: port, logger: RecordCommand.logger(label: "partner-commerce.replay"),
                onLoaded: { count in print("replaying \(count) exchanges from \(folder)") }
            ) { host, port in
                print("listening on http://\(host):\(port)")
                fflush(nil)
            }
        } catch let error as ExchangeFolderError {
            throw ValidationError(error.description)
        }
        if unserved > 0 { FileHandle.standardError.write(Data("\(unserved) recorded exchanges were never asked for\n".utf8)) }
    }
}

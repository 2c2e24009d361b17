import Foundation

#if FUZZING
    /// libFuzzer's entry point: one input, through every reader.
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        FuzzTargets.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    /// libFuzzer's driver (linked by `-sanitize=fuzzer`): runs the fuzzing loop with our entry point.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32
#endif

/// `partner-commerce-fuzz`. Built with `-sanitize=fuzzer -DFUZZING` it is a libFuzzer binary taking libFuzzer's
/// flags (see README, "Fuzzing"). Built normally, it replays every file of the folders it is given through the
/// same readers once: the regression run over the corpus and every crash found so far.
@main
struct FuzzMain {
    static func main() {
        #if FUZZING
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
        #else
            guard FuzzTargets.catalog != nil else {
                FileHandle.standardError.write(
                    Data("run from the project root: Sources/CommerceServer/Resources/default-catalog.json is needed\n".utf8))
                exit(2)
            }
            var count = 0
            for folder in CommandLine.arguments.dropFirst() {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                for name in files.sorted() where !name.hasPrefix(".") {
                    guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)") else { continue }
                    FuzzTargets.run(Array(data))
                    count += 1
                }
            }
            print("replayed \(count) inputs")
        #endif
    }
}

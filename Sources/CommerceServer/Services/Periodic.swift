import ServiceLifecycle

/// Runs `pass` every `interval` seconds until the service group shuts down gracefully: the loop of every
/// background service (fulfilment, maintenance).
func repeatUntilShutdown(every interval: Double, _ pass: @escaping @Sendable () async -> Void) async {
    try? await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            await pass()
            try await Task.sleep(for: .milliseconds(Int(max(interval, 0.01) * 1000)))
        }
    }
}

import ServiceLifecycle

extension ServiceGroupConfiguration.ServiceConfiguration {
    /// `service` in a group whose members stand or fall together: when it returns or throws,
    /// the whole group shuts down gracefully (the pipeline's and the service's groups).
    static func together(_ service: any Service) -> Self {
        .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
    }
}

import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy on loopback in front of PostgreSQL that can cut the network the way a partition
/// does: nothing is closed or refused, bytes just stop moving (neither side reads any more, so
/// TCP backpressure holds what was sent) and new connections are accepted but not connected
/// through. `heal()` lets everything flow again, held connections included.
final class PartitionProxy: Sendable {
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let server: any Channel
    private let board: Switchboard

    private init(port: Int, group: MultiThreadedEventLoopGroup, server: any Channel, board: Switchboard) {
        self.port = port
        self.group = group
        self.server = server
        self.board = board
    }

    static func start(forwardingTo targetPort: Int) async throws -> PartitionProxy {
        // One event loop: both sides of every link live on it, so handlers never cross threads.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let board = Switchboard(targetPort: targetPort)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in board.accepted(inbound) }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = server.localAddress?.port else { throw SystemTestError("the partition proxy has no port") }
        return PartitionProxy(port: port, group: group, server: server, board: board)
    }

    func partition() { board.setPartitioned(true) }
    func heal() { board.setPartitioned(false) }

    func close() async {
        try? await server.close()
        board.closeAll()
        try? await group.shutdownGracefully()
    }
}

/// The proxy's links and whether the network is cut.
private final class Switchboard: Sendable {
    private struct State {
        var partitioned = false
        var open: [any Channel] = []
        var held: [any Channel] = []
    }

    private let targetPort: Int
    private let state = Mutex(State())

    init(targetPort: Int) {
        self.targetPort = targetPort
    }

    func accepted(_ inbound: any Channel) -> EventLoopFuture<Void> {
        let hold = state.withLock { state in
            if state.partitioned { state.held.append(inbound) }
            return state.partitioned
        }
        if hold { return inbound.eventLoop.makeSucceededVoidFuture() }
        return link(inbound)
    }

    private func link(_ inbound: any Channel) -> EventLoopFuture<Void> {
        ClientBootstrap(group: inbound.eventLoop)
            .channelOption(.autoRead, value: false)
            .connect(host: "127.0.0.1", port: targetPort)
            .flatMapThrowing { outbound in
                try inbound.pipeline.syncOperations.addHandler(Forward(to: outbound))
                try outbound.pipeline.syncOperations.addHandler(Forward(to: inbound))
                let flowing = self.state.withLock { state in
                    state.open += [inbound, outbound]
                    return !state.partitioned
                }
                if flowing {
                    inbound.setOption(.autoRead, value: true).whenComplete { _ in }
                    outbound.setOption(.autoRead, value: true).whenComplete { _ in }
                }
            }
            .flatMapErrorThrowing { error in
                inbound.close(promise: nil)
                throw error
            }
    }

    func setPartitioned(_ partitioned: Bool) {
        let (open, held) = state.withLock { state in
            state.partitioned = partitioned
            state.open.removeAll { !$0.isActive }
            let held = partitioned ? [] : state.held
            if !partitioned { state.held = [] }
            return (state.open, held)
        }
        for channel in open { channel.setOption(.autoRead, value: !partitioned).whenComplete { _ in } }
        for inbound in held {
            inbound.eventLoop.execute { _ = self.link(inbound) }
        }
    }

    func closeAll() {
        let channels = state.withLock { $0.open + $0.held }
        for channel in channels { channel.close(promise: nil) }
    }
}

/// Writes what one side reads to the other; closes the other when one side closes.
private final class Forward: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let peer: any Channel

    init(to peer: any Channel) {
        self.peer = peer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy on loopback in front of PostgreSQL that fails the network two ways:
/// - `partition()` the way a partition does: nothing is closed or refused, bytes just stop moving
///   (neither side reads any more, so TCP backpressure holds what was sent) and new connections
///   are accepted but not connected through. `heal()` lets everything flow again, held
///   connections included.
/// - `cut()` the way a crashed server does: every link closes at once, and the client reads the
///   end of the stream with no word from PostgreSQL.
public final class PartitionProxy: Sendable {
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let server: any Channel
    private let board: Switchboard

    private init(port: Int, group: MultiThreadedEventLoopGroup, server: any Channel, board: Switchboard) {
        self.port = port
        self.group = group
        self.server = server
        self.board = board
    }

    /// A proxy on a free loopback port, forwarding to `targetPort` on loopback.
    public static func start(forwardingTo targetPort: Int) async throws -> PartitionProxy {
        // One event loop: both sides of every link live on it, so handlers never cross threads.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let board = Switchboard(targetPort: targetPort)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in board.accepted(inbound) }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = server.localAddress?.port else { throw ProxyHasNoPort() }
        return PartitionProxy(port: port, group: group, server: server, board: board)
    }

    public func partition() { board.setPartitioned(true) }
    public func heal() { board.setPartitioned(false) }
    /// Closes every open and held link; new connections are still accepted.
    public func cut() { board.closeAll() }
    /// Bytes forwarded from PostgreSQL to the clients so far.
    public var bytesToClients: Int { board.bytesToClients.load(ordering: .relaxed) }

    public func close() async {
        try? await server.close()
        board.closeAll()
        try? await group.shutdownGracefully()
    }
}

/// The proxy's listening socket has no local port (it did not bind).
struct ProxyHasNoPort: Error {}

/// The proxy's links and whether the network is cut.
private final class Switchboard: Sendable {
    private struct State {
        var partitioned = false
        var open: [any Channel] = []
        var held: [any Channel] = []
    }

    private let targetPort: Int
    private let state = Mutex(State())
    let bytesToClients = Atomic<Int>(0)

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
                try inbound.pipeline.syncOperations.addHandler(Forward(to: outbound, countingOn: nil))
                try outbound.pipeline.syncOperations.addHandler(Forward(to: inbound, countingOn: self))
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
    /// Set on the PostgreSQL side's handler: what it forwards goes to a client.
    private let board: Switchboard?

    init(to peer: any Channel, countingOn board: Switchboard?) {
        self.peer = peer
        self.board = board
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        board?.bytesToClients.add(bytes.readableBytes, ordering: .relaxed)
        peer.writeAndFlush(bytes, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

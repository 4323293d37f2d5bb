import Hummingbird
import NIOCore
import ServiceSupport

extension EventIntakeController {
    /// A request body read within `maxBodyBytes`, or the answer that refuses it.
    enum Body {
        case read([UInt8])
        case refused(Response)
    }

    /// Reads the body of either content mode: 413 when its declared or actual length is over
    /// `maxBodyBytes` (declared: before reading anything), 408 when it did not arrive within
    /// `HTTP_BODY_TIMEOUT_MS` (`RequestBodyDeadline`), 400 when it could not be read.
    func readBody(_ request: inout Request) async -> Body {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > self.limits.maxBodyBytes {
            return .refused(ProblemDetails.bodyTooLarge(limit: self.limits.maxBodyBytes).response())
        }
        do {
            let buffer = try await request.collectBody(upTo: self.limits.maxBodyBytes)
            return .read(Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            return .refused(ProblemDetails.bodyTooLarge(limit: self.limits.maxBodyBytes).response())
        } catch let error as RequestBodyTimedOut {
            return .refused(ProblemDetails.bodyTimedOut(limit: error.limit).response(headers: [.connection: "close"]))
        } catch {
            return .refused(ProblemDetails.malformed(MalformedJSON(offset: 0, reason: "the body could not be read")).response())
        }
    }
}

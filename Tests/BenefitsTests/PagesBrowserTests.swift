import Benefits
import ChildProcess
import Foundation
import InsuranceDomain
import Testing

/// Renders both pages, has a real headless Chromium take screenshots, and counts the chart's
/// colours in the PNGs (read with Python's Pillow): the charts must actually render.
@Suite("Pages: headless browser screenshots", .serialized)
struct PagesBrowserTests {
    @Test("the timeline renders in Chromium: basis colours, gaps and payments visible")
    func timeline() async throws {
        let counts = try await screenshotColours(
            html: PersonTimelinePage.render(PagesFixtures.timeline(), with: PagesFixtures.templates),
            name: "timeline",
            colours: ["annual": "#2563eb", "month_after_payment": "#10b981", "gap": "#ef4444", "payment": "#7c3aed", "binding": "#0f766e"]
        )
        #expect(counts["annual", default: 0] > 8_000, "annual periods: \(counts)")
        #expect(counts["month_after_payment", default: 0] > 3_000, "month-after-payment period: \(counts)")
        #expect(counts["gap", default: 0] > 300, "gap hatching: \(counts)")
        #expect(counts["payment", default: 0] > 200, "payment markers: \(counts)")
        #expect(counts["binding", default: 0] > 1_000, "binding bars: \(counts)")
    }

    @Test("the city overview renders in Chromium: the stacked bars show every basis")
    func city() async throws {
        let counts = try await screenshotColours(
            html: CityOverviewPage.render(PagesFixtures.overview(), with: PagesFixtures.templates),
            name: "city",
            colours: ["annual": "#2563eb", "newborn": "#f59e0b", "month_after_payment": "#10b981"]
        )
        #expect(counts["annual", default: 0] > 50_000, "annual bars: \(counts)")
        #expect(counts["newborn", default: 0] > 1_000, "newborn bars: \(counts)")
        #expect(counts["month_after_payment", default: 0] > 5_000, "month-after-payment bars: \(counts)")
    }

    /// A person paying every year from `first` to 2025, so the axis spans `2026 - first` years.
    static func timeline(since first: Int) -> PersonTimeline {
        PersonTimeline(
            personId: "AXIS-\(first)",
            asOf: .clamped(year: 2026, month: 11, day: 30),
            registeredOn: .clamped(year: first, month: 8, day: 1),
            periods: (first..<2026).map { PagesRenderTests.period("\($0)-10-01", "\($0 + 1)-09-30") }
        )
    }

    @Test(
        "the timeline's axis labels never overlap, at every span, and the estimate form is styled like the page",
        arguments: [2025, 2023, 2018, 2006, 1987]
    )
    func axisAndForm(since first: Int) async throws {
        // Measured by Chromium itself: a script added to the page reads the laid-out boxes of the
        // axis labels and the computed style of the form's controls, and `--dump-dom` prints it.
        let probe = """
            <script>
            const boxes = [...document.querySelectorAll("svg text.tick")].map(t => t.getBoundingClientRect());
            let overlaps = 0;
            for (let i = 1; i < boxes.length; i++) if (boxes[i].left < boxes[i - 1].right + 1) overlaps++;
            const page = getComputedStyle(document.body), input = getComputedStyle(document.querySelector("form input"));
            const button = getComputedStyle(document.querySelector("form button"));
            const check = {labels: boxes.length, overlaps, sameFont: input.fontFamily === page.fontFamily,
              inputRadius: input.borderRadius, buttonBackground: button.backgroundColor, buttonColour: button.color};
            document.body.insertAdjacentHTML("beforeend", "<pre id=check>" + JSON.stringify(check) + "</pre>");
            </script></body>
            """
        let html = PersonTimelinePage.render(Self.timeline(since: first), with: PagesFixtures.templates)
            .replacingOccurrences(of: "</body>", with: probe)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("axis.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let dom = try await run(
            try Self.executable(named: ["chromium", "chromium-browser"]),
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(folder.path)/profile",
                "--window-size=1280,900", "--dump-dom", page.absoluteString,
            ],
            timeout: 60
        )
        struct Check: Decodable {
            let labels: Int
            let overlaps: Int
            let sameFont: Bool
            let inputRadius: String
            let buttonBackground: String
            let buttonColour: String
        }
        guard let start = dom.range(of: "<pre id=\"check\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex),
            let check = try? JSONDecoder().decode(Check.self, from: Data(dom[start.upperBound..<end.lowerBound].utf8))
        else { throw PageCheckFailure("the page's probe wrote nothing: \(dom.suffix(400))") }
        #expect(check.labels >= 2, "axis labels since \(first): \(check)")
        #expect(check.overlaps == 0, "axis labels since \(first) overlap: \(check)")
        #expect(check.sameFont, "the form's inputs use the page's font")
        #expect(check.inputRadius == "6px", "inputs are styled as the page's cards and buttons")
        #expect(check.buttonBackground == "rgb(29, 78, 216)" && check.buttonColour == "rgb(255, 255, 255)", "\(check)")
    }

    /// Writes the page to a temporary file, screenshots it at 1280×900 and returns, per colour,
    /// the number of pixels within a small distance of it. Set `PAGES_SCREENSHOT_DIR` to keep the
    /// pages, screenshots and browser profiles there to look at; otherwise they are removed.
    func screenshotColours(html: String, name: String, colours: [String: String]) async throws -> [String: Int] {
        let kept = ProcessInfo.processInfo.environment["PAGES_SCREENSHOT_DIR"].map { URL(fileURLWithPath: $0) }
        let folder = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(at: folder) } }
        let page = folder.appendingPathComponent("\(name).html")
        let png = folder.appendingPathComponent("\(name).png")
        try? FileManager.default.removeItem(at: png)
        try html.write(to: page, atomically: true, encoding: .utf8)

        let chromium = try Self.executable(named: ["chromium", "chromium-browser"])
        let profile = folder.appendingPathComponent("profile-\(name)")
        _ = try await run(
            chromium,
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=\(profile.path)", "--screenshot=\(png.path)", "--window-size=1280,900",
                page.absoluteString,
            ],
            timeout: 60
        )
        guard FileManager.default.fileExists(atPath: png.path) else {
            throw PageCheckFailure("chromium wrote no screenshot at \(png.path)")
        }

        let script = """
            import sys, json
            from PIL import Image
            image = Image.open(sys.argv[1]).convert("RGB")
            targets = json.loads(sys.argv[2])
            wanted = {k: tuple(int(v[i:i + 2], 16) for i in (1, 3, 5)) for k, v in targets.items()}
            counts = {k: 0 for k in wanted}
            for n, pixel in image.getcolors(image.width * image.height):
                for k, c in wanted.items():
                    if max(abs(pixel[i] - c[i]) for i in range(3)) <= 10:
                        counts[k] += n
            print(json.dumps({"size": [image.width, image.height], "counts": counts}))
            """
        let python = try Self.executable(named: ["python3"])
        let colourJSON = String(decoding: try JSONEncoder().encode(colours), as: UTF8.self)
        let output = try await run(python, ["-c", script, png.path, colourJSON], timeout: 60)
        struct Reading: Decodable {
            let size: [Int]
            let counts: [String: Int]
        }
        guard let reading = try? JSONDecoder().decode(Reading.self, from: Data(output.utf8)) else {
            throw PageCheckFailure("could not read the screenshot with Pillow (run scripts/install.sh): \(output)")
        }
        #expect(reading.size == [1280, 900], "screenshot size")
        return reading.counts
    }

    static func executable(named names: [String]) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in names where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        throw PageCheckFailure("\(names[0]) is not installed: run scripts/install.sh (or apt-get install -y chromium python3-pil)")
    }

    /// Runs a program to completion; kills it (by its own PID) when it outlives `timeout` seconds.
    func run(_ executable: String, _ arguments: [String], timeout: Double) async throws -> String {
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(executable, arguments, output: .standardOutput, timeout: .seconds(timeout))
        } catch let error as ChildProcessError {
            throw PageCheckFailure(error.description)
        }
        guard outcome.status == 0 else {
            throw PageCheckFailure("\(executable) exited with status \(outcome.status)")
        }
        return outcome.output
    }
}

struct PageCheckFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

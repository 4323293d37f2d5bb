import ArgumentParser
import Foundation
import SampleCity

/// Prints how many events the pipeline must end up holding for this city:
/// distinct `source`+`id` pairs among the well-formed events (a duplicate is
/// stored once) plus every broken line (each is refused on its own).
struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Print the number of distinct events (source+id) plus broken lines the city holds."
    )

    @OptionGroup var city: CityOptions
    @Flag(help: "Print valid, faulty and total on separate labelled lines.") var detailed = false

    func run() throws {
        let tally = EventTally(SampleCity(city.sampleOptions).events)
        if detailed {
            print("distinct \(tally.distinct)")
            print("broken \(tally.broken)")
            print("total \(tally.total)")
        } else {
            print(tally.total)
        }
    }
}

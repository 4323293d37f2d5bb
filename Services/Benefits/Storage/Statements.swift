/// The fixed-shape queries, prepared once per connection (one file each in `Statements/`).
enum Statements {}

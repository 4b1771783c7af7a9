//! The `zonefmt` command: all the work is in the library's `cli` module.

fn main() -> std::process::ExitCode {
    zonefmt::cli::main()
}

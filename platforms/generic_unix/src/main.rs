//! AtomVM for POSIX hosts: `AtomVM <file.avm|file.beam>...` (see the `atomvm-cli` crate).

fn main() -> std::process::ExitCode {
    atomvm_cli::main(env!("ATOMVM_TARGET_TRIPLE"), "generic_unix")
}

//! AtomVM for Linux (and other POSIX systems): `AtomVM <file.avm|file.beam>...`
//! (see the `atomvm-cli` crate). What is native about it lives in the VM's platform layer
//! (`vm/src/platform/unix.rs`), chosen by the target it is built for.

fn main() -> std::process::ExitCode {
    atomvm_cli::main("generic_unix")
}

//! On wasm32-wasip2, declare `wasi:cli/exit.exit-with-code` to the component linker (see
//! wit/exit-with-code.wit), so that `erlang:halt(N)` can exit with status N.
//!
//! The WIT text is written into OUT_DIR and the linker pointed there: a path into the source
//! tree would be remembered by this script's cached output, and a target directory shared by
//! several checkouts (CI's clean clones) would link against a clone that no longer exists.

fn main() {
    println!("cargo:rerun-if-changed=wit/exit-with-code.wit");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("TARGET").as_deref() == Ok("wasm32-wasip2") {
        let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
        let wit = out.join("exit-with-code.wit");
        std::fs::write(&wit, include_str!("wit/exit-with-code.wit")).expect("OUT_DIR is writable");
        println!(
            "cargo:rustc-link-arg-bins=--component-type={}",
            wit.display()
        );
    }
}

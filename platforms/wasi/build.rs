//! On wasm32-wasip2, declare `wasi:cli/exit.exit-with-code` to the component linker (see
//! wit/exit-with-code.wit), so that `erlang:halt(N)` can exit with status N.

fn main() {
    println!("cargo:rerun-if-changed=wit/exit-with-code.wit");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("TARGET").as_deref() == Ok("wasm32-wasip2") {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
        println!("cargo:rustc-link-arg-bins=--component-type={dir}/wit/exit-with-code.wit");
    }
}

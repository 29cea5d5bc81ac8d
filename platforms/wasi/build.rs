// Hand the target triple to the binary: it is `erlang:system_info(system_architecture)`.
fn main() {
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".to_string());
    println!("cargo:rustc-env=ATOMVM_TARGET_TRIPLE={}", target);
    println!("cargo:rerun-if-changed=build.rs");
}

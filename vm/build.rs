// Target facts the VM takes from the triple, since rustc reports the same cfg set for
// wasm32-wasip1 and wasm32-wasip1-threads: `atomvm_threads` (several scheduler threads) and
// ATOMVM_TARGET_TRIPLE (`erlang:system_info(system_architecture)`).
fn main() {
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".to_string());
    println!("cargo:rustc-check-cfg=cfg(atomvm_threads)");
    let single_threaded = target == "wasm32-wasip1" || target == "wasm32-wasip2";
    if !single_threaded {
        println!("cargo:rustc-cfg=atomvm_threads");
    }
    println!("cargo:rustc-env=ATOMVM_TARGET_TRIPLE={}", target);
    println!("cargo:rerun-if-changed=build.rs");
}

//! Counting how much memory the VM holds, for `erlang:memory/0,1`, and the VM-wide memory limit.
//!
//! A binary that wants real numbers installs [`CountingAllocator`] as its global allocator (the
//! AtomVM command line does); it wraps the system allocator and keeps a running total of the
//! bytes currently allocated. Without it, `erlang:memory` falls back to what the VM can add up
//! itself (see bifs/system.rs).
//!
//! The limit is soft: the collector asks [`try_alloc_words`] for a process heap, which refuses
//! past the limit (or when the host refuses), and the process that could not grow is killed
//! (see `Heap::exhausted`). Everything else still allocates, so the VM has room to end that
//! process cleanly. On wasm32 the default limit keeps a quarter of the largest memory free for
//! exactly that; natively there is none unless asked (`ATOMVM_MAX_MEMORY`, `Options`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Bytes currently allocated through the counting allocator.
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
/// Whether the counting allocator is the global one (set by its first allocation).
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// The VM-wide limit in bytes; 0 means none.
static LIMIT: AtomicUsize = AtomicUsize::new(DEFAULT_LIMIT);

/// wasm32 memories end at 4 GiB (1 GiB for wasip1-threads' shared memory, Rust's default
/// maximum for that target); three quarters of that, so a process that hits the limit can be
/// ended while the rest of the VM still has memory. Native hosts have no default.
const DEFAULT_LIMIT: usize = if cfg!(target_family = "wasm") {
    if cfg!(atomvm_threads) {
        768 << 20
    } else {
        3 << 30
    }
} else {
    0
};

/// Set the VM-wide memory limit in bytes (0: none). Only heap growth is refused past it.
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
}

/// The VM-wide memory limit in bytes, 0 for none.
pub fn limit() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

/// Would `bytes` more keep the VM within its limit? Always true without the counting allocator,
/// which alone knows the total.
pub fn within_limit(bytes: usize) -> bool {
    let limit = limit();
    limit == 0
        || !INSTALLED.load(Ordering::Relaxed)
        || ALLOCATED.load(Ordering::Relaxed).saturating_add(bytes) <= limit
}

/// A zeroed block of `n` words, or `None` when it would pass the VM's limit or the host refuses
/// it (or it is larger than an allocation can be). Never aborts.
pub fn try_alloc_words(n: usize) -> Option<Box<[usize]>> {
    let bytes = n.checked_mul(std::mem::size_of::<usize>())?;
    if bytes > isize::MAX as usize || !within_limit(bytes) {
        return None;
    }
    let mut v: Vec<usize> = Vec::new();
    v.try_reserve_exact(n).ok()?;
    v.resize(n, 0);
    Some(v.into_boxed_slice())
}

/// The system allocator, counting live bytes. Relaxed atomics suffice: the total is a statistic,
/// read on its own, never used to order other memory accesses.
pub struct CountingAllocator;

// SAFETY: every method forwards to `System` with the caller's own arguments, so it upholds
// exactly the contract `System` does; the only addition is arithmetic on atomics.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller guarantees a non-zero-sized layout, as System::alloc requires.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
            INSTALLED.store(true, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for alloc.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
            INSTALLED.store(true, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: ptr was returned by this allocator (hence by System) for this layout.
        unsafe { System.dealloc(ptr, layout) };
        ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: ptr was returned by System for layout; new_size is non-zero per the contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            ALLOCATED.fetch_add(new_size, Ordering::Relaxed);
            ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

/// Bytes the VM has allocated right now, if the counting allocator is installed.
pub fn allocated_bytes() -> Option<usize> {
    if INSTALLED.load(Ordering::Relaxed) {
        Some(ALLOCATED.load(Ordering::Relaxed))
    } else {
        None
    }
}

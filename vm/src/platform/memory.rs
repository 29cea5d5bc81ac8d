//! Counting how much memory the VM holds, for `erlang:memory/0,1`.
//!
//! A binary that wants real numbers installs [`CountingAllocator`] as its global allocator (the
//! AtomVM command line does); it wraps the system allocator and keeps a running total of the
//! bytes currently allocated. Without it, `erlang:memory` falls back to what the VM can add up
//! itself (see bifs/system.rs).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Bytes currently allocated through the counting allocator.
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
/// Whether the counting allocator is the global one (set by its first allocation).
static INSTALLED: AtomicBool = AtomicBool::new(false);

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

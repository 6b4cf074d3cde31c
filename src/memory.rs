//! The process's memory: its resident size for `-v`, the benchmarks and
//! `DOSSIER_TRACE_MEMORY=1` (which stage sets the peak), and the allocator's setting.
//! Takes nothing from the pipeline; every stage may call it.

/// The process's peak resident memory so far, in MiB (Linux only: `VmHWM`), for `-v`
/// and the benchmarks.
pub fn peak_mib() -> Option<f64> {
    resident_mib("VmHWM:")
}

/// With `DOSSIER_TRACE_MEMORY` set, print the resident memory now and at its peak after
/// `what` (the benchmark reports only the peak; this finds which step sets it).
pub fn trace(what: &str) {
    if std::env::var_os("DOSSIER_TRACE_MEMORY").is_some() {
        eprintln!(
            "memory after {what}: {:.0} MiB now, {:.0} MiB peak",
            resident_mib("VmRSS:").unwrap_or(0.0),
            resident_mib("VmHWM:").unwrap_or(0.0)
        );
    }
}

/// Cap glibc's malloc at two arenas, unless `MALLOC_ARENA_MAX` says otherwise. By
/// default it makes up to eight per core, and memory freed in one thread's arena is not
/// reused by another's: at 10,000 documents the build's peak was 1,006 MiB with the
/// default and 951 MiB with two, at the same wall and CPU time (`cargo bench --bench
/// build`, `DOSSIER_TRACE_MEMORY=1`). Call before any thread starts.
pub fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a malloc parameter; called before threads start.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// A line of `/proc/self/status` in MiB (`VmHWM:` the peak, `VmRSS:` now).
fn resident_mib(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Give the memory freed so far back to the system (glibc's `malloc_trim`), after a
/// stage whose working set is gone, so that the next stages' allocations start from what
/// is live rather than from the freed stage's high-water mark. `dossier build` calls it
/// once, after the search index; watch mode, whose index stays in memory, does not.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; any thread may call it.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Free `value` on another thread. At the end of a build the pages' link data, the
/// rendered bodies and the documents are millions of small allocations: freeing them
/// took 180 ms at 10,000 documents, on the path between the last page written and the
/// new output swapped in. On its own thread it overlaps the lock and the swap, and a
/// process that ends first leaves the rest to the operating system.
pub fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
    // No thread to be had: the value was dropped with the closure, on this thread.
    drop(spawned);
}

//! Writes the bench data (benches/data) into a folder, for the peer comparison
//! (benches/peers.sh) and for a look at the bytes:
//!
//! ```sh
//! cargo bench --bench dump_bench_data -- /tmp/transit-bench-data
//! ```
//!
//! Files: `document.compact.json`, `document.verbose.json` (the ~4 MB Penpot file
//! document), `events.compact.jsonl`, `events.verbose.jsonl` (5,000 webhook events,
//! one Transit value per line) and `events.plain.jsonl` (the same events as Penpot's
//! plain-JSON body, one per line).

mod data;

use std::path::PathBuf;

fn main() {
    // `cargo bench` appends `--bench`; the folder is the first other argument.
    let dir: PathBuf = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .or_else(|| std::env::var("BENCH_DATA_DIR").ok())
        .unwrap_or_else(|| "target/bench-data".to_owned())
        .into();
    std::fs::create_dir_all(&dir).expect("create the output folder");
    for (name, bytes) in data::files() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).expect("write a bench file");
        println!("{:>10} bytes  {}", bytes.len(), path.display());
    }
}

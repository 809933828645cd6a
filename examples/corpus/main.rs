//! Generates a site of any size shaped like the demo data, deterministically
//! from a seed, for benchmarks and scale tests:
//!
//! ```sh
//! cargo run --release --example corpus -- --items 50000 --seed 1 --output /tmp/corpus
//! ```
//!
//! Options: `--items N` (1000), `--per-plan N` (60), `--seed N` (1),
//! `--output DIR` (`corpus`, must not exist), `--hugo DIR` (also write the
//! same content for Hugo, benches/hugo), `--no-charts`, `--no-minify`.
//! What the corpus holds: generate.rs.

mod generate;

fn main() {
    let mut a = generate::Options::default();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--items" => a.items = value().parse().expect("--items takes a number"),
            "--per-plan" => a.per_plan = value().parse().expect("--per-plan takes a number"),
            "--seed" => a.seed = value().parse().expect("--seed takes a number"),
            "--output" => a.output = value().into(),
            "--hugo" => a.hugo = Some(value().into()),
            "--no-charts" => a.charts = false,
            "--no-minify" => a.minify = false,
            other => {
                panic!(
                    "unknown option {other}; see the comment at the top of examples/corpus/main.rs"
                )
            }
        }
    }
    let (items, plans, cities) = generate::generate(&a);
    eprintln!(
        "{items} items in {plans} plans of {cities} cities → {}",
        a.output.display()
    );
}

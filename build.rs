fn main() {
    // Collects every `style!` block under src/ into one stylesheet that trunk copies to dist/.
    stylers::build(Some("./target/stylers.css".into()));
    // Without this, cargo reruns the script (and relinks the app) on every trunk build.
    println!("cargo:rerun-if-changed=src");
}

//! The tenant is set only transaction-locally: a session-level setting would
//! follow the pooled connection to the next request.

use std::path::Path;

fn rust_and_sql_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_and_sql_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "sql") {
            out.push(path);
        }
    }
}

#[test]
fn library_and_migrations_never_set_the_tenant_for_a_session() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_and_sql_files(&root.join("src"), &mut files);
    rust_and_sql_files(&root.join("migrations"), &mut files);
    assert!(files.len() > 20);
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap().to_lowercase();
        for (number, line) in text.lines().enumerate() {
            let squeezed: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
            let session_set = squeezed.contains("set app.tenant_id")
                && !squeezed.contains("set local app.tenant_id");
            let session_config =
                squeezed.contains("set_config('app.tenant_id'") && !squeezed.contains("true)");
            let reset = squeezed.contains("discard all") || squeezed.contains("reset all");
            if session_set || session_config || reset {
                offences.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert_eq!(offences, Vec::<String>::new());
}

/// The chatbot examples are written as an outside crate would be: the library's
/// re-exports suffice, without diesel, diesel-async or rust_decimal of their own.
#[test]
fn the_chatbot_examples_need_no_database_crates_of_their_own() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for name in ["chatbot.rs", "chatbot_dialogue.rs"] {
        let text = std::fs::read_to_string(examples.join(name)).unwrap();
        for crate_name in ["diesel", "diesel_async", "rust_decimal"] {
            let used = text.lines().any(|line| {
                let code = line.split("//").next().unwrap_or("");
                code.contains(&format!("{crate_name}::"))
            });
            assert!(!used, "examples/{name} uses {crate_name} directly");
        }
    }
}

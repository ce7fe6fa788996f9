//! A bounded, seeded mutation test of extraction: a few hundred damaged copies of the
//! fixture PDFs (truncations, byte flips, page-tree cycles, inflate bombs), each of which
//! must give rows or an `ExtractError`, never a panic. Damage that loses part of the
//! file must be an error, or leave the rows exactly as they were.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use car_chatbot_db::pipeline::extract::{ExtractError, RawRow, extract};
use pdf_extract::{Dictionary, Document, Object, Stream};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const FIXTURES: [&str; 4] = [
    "small_borders.pdf",
    "small_writer.pdf",
    "corpus/chromium_plain.pdf",
    "corpus/calc_sheet.pdf",
];

/// What a damaged copy may do.
enum Allowed {
    /// Rows or an error: a flipped byte may only change a letter.
    Anything,
    /// An error, or the very rows of the intact file (the damage missed what is read).
    ErrorOrSame,
    Error,
}

fn saved(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The document with its page tree made a cycle: the root lists itself among its kids.
fn page_tree_cycle(bytes: &[u8]) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let tree = doc.get_object_mut(root).unwrap().as_dict_mut().unwrap();
    let kids = tree.get_mut(b"Kids").unwrap().as_array_mut().unwrap();
    kids.insert(1.min(kids.len()), Object::Reference(root));
    saved(&mut doc)
}

/// The document with page `page`'s content replaced by a stream that inflates to 65 MiB.
fn inflate_bomb(bytes: &[u8], bomb: &[u8], page: usize) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).unwrap();
    let pages: Vec<_> = doc.get_pages().values().copied().collect();
    let id = pages[page % pages.len()];
    let mut dict = Dictionary::new();
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let stream = doc.add_object(Stream::new(dict, bomb.to_vec()).with_compression(false));
    doc.get_object_mut(id)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("Contents", stream);
    saved(&mut doc)
}

#[test]
fn damaged_copies_of_the_fixtures_are_rows_or_errors_never_panics() {
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    zlib.write_all(&vec![0u8; 65 << 20]).unwrap();
    let bomb = zlib.finish().unwrap();
    let mut rng = StdRng::seed_from_u64(20261201);
    let mut cases = 0;
    for name in FIXTURES {
        let bytes = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data/supplier")
                .join(name),
        )
        .unwrap();
        let intact: Vec<RawRow> = extract(&bytes).unwrap().0;
        let mut copies: Vec<(String, Vec<u8>, Allowed)> = Vec::new();
        for _ in 0..20 {
            let at = rng.random_range(0..bytes.len());
            copies.push((
                format!("truncated at {at}"),
                bytes[..at].to_vec(),
                Allowed::ErrorOrSame,
            ));
        }
        for _ in 0..50 {
            let mut copy = bytes.clone();
            let flips = rng.random_range(1..=8);
            for _ in 0..flips {
                let at = rng.random_range(0..copy.len());
                copy[at] ^= rng.random_range(1..=255u8);
            }
            copies.push((format!("{flips} bytes flipped"), copy, Allowed::Anything));
        }
        for _ in 0..5 {
            let mut copy = bytes.clone();
            let at = rng.random_range(0..copy.len());
            let length = rng.random_range(1..=4096).min(copy.len() - at);
            copy.drain(at..at + length);
            copies.push((
                format!("{length} bytes cut at {at}"),
                copy,
                Allowed::Anything,
            ));
        }
        copies.push((
            "page tree cycle".into(),
            page_tree_cycle(&bytes),
            Allowed::ErrorOrSame,
        ));
        let page = rng.random_range(0..8);
        copies.push((
            format!("inflate bomb on page {}", page + 1),
            inflate_bomb(&bytes, &bomb, page),
            Allowed::Error,
        ));

        for (what, copy, allowed) in copies {
            cases += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| extract(&copy)))
                .unwrap_or_else(|_| panic!("{name}, {what}: extraction panicked"));
            match (outcome, allowed) {
                (Err(error), _) => {
                    // Every error names what to do or where: none is an empty message.
                    assert!(error.to_string().len() > 10, "{name}, {what}: {error:?}");
                    if what.starts_with("inflate") {
                        assert!(
                            matches!(&error, ExtractError::Damaged(m) if m.contains("inflates")),
                            "{name}, {what}: {error}"
                        );
                    }
                }
                (Ok(_), Allowed::Anything) => {}
                (Ok((rows, _)), Allowed::ErrorOrSame) => {
                    assert_eq!(
                        rows, intact,
                        "{name}, {what}: rows changed without an error"
                    )
                }
                (Ok(_), Allowed::Error) => panic!("{name}, {what}: read without an error"),
            }
        }
    }
    assert!(cases >= 300, "{cases} cases");
}

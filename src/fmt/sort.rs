//! `--sort`: records ordered by owner (DNSSEC canonical order) and type, each carrying the
//! comment lines above it.
//!
//! Directives stay where they are and nothing moves across one: records are sorted within each
//! section between directives, since `$ORIGIN` and `$TTL` change what the records around them
//! mean. A record written with a blank owner gets its owner written out when the record before
//! it in the output has another one. A section is left in file order when its records' TTLs
//! depend on order (no `$TTL` in force and some record in the file without a TTL: RFC 1035
//! then gives such a record the previous record's TTL).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::format::{Item, RecordItem};
use crate::name::Name;
use crate::rr::RecordType;

/// The owner a record has, whether written or inherited.
#[derive(Debug, Clone)]
struct Owner<'a> {
    /// As written on the record that set it.
    text: Cow<'a, [u8]>,
    /// The origin in force where it was written (`$ORIGIN` count), and the name it means.
    origin_epoch: usize,
    name: Option<Name>,
}

/// A record with the comment lines above it.
struct Unit<'a> {
    comments: Vec<Item<'a>>,
    record: Box<RecordItem<'a>>,
    owner: Owner<'a>,
}

/// Sorts the records of each section; what could not be sorted is left in file order.
pub(crate) fn sort_items<'a>(
    items: Vec<Item<'a>>,
    origin: &Name,
    notes: &mut Vec<String>,
) -> Vec<Item<'a>> {
    let all_have_ttls = items.iter().all(|item| match item {
        Item::Record(r) => r.ttl.is_some(),
        _ => true,
    });
    let mut out: Vec<Item<'a>> = Vec::with_capacity(items.len() + 16);
    let mut origin = origin.clone();
    let mut epoch = 0usize;
    let mut ttl_in_force = false;
    let mut last_owner: Option<Owner<'a>> = None;
    // The owner of the last record written, to decide whether a blank owner may stay blank.
    let mut written_owner: Option<Owner<'a>> = None;

    // A verbatim entry may inherit the owner of the last record before it, even across
    // directives: the section that record ends must keep it last, so it is not sorted.
    let mut verbatim_follows = vec![false; items.len()];
    let mut next_is_verbatim = false;
    for (item, follows) in items.iter().zip(verbatim_follows.iter_mut()).rev() {
        *follows = next_is_verbatim;
        match item {
            Item::Verbatim(_) => next_is_verbatim = true,
            Item::Record(_) => next_is_verbatim = false,
            _ => {}
        }
    }

    let mut iter = items.into_iter().zip(verbatim_follows).peekable();
    loop {
        // Collect one section: everything up to the next directive or verbatim entry.
        let mut section: Vec<Item<'a>> = Vec::new();
        while let Some((item, _)) =
            iter.next_if(|(i, _)| !matches!(i, Item::Directive(_) | Item::Verbatim(_)))
        {
            section.push(item);
        }
        let (boundary, verbatim_after_boundary) = match iter.next() {
            Some((item, follows)) => (Some(item), follows),
            None => (None, false),
        };
        let sortable = (ttl_in_force || all_have_ttls)
            && !matches!(&boundary, Some(Item::Verbatim(_)))
            && !verbatim_after_boundary;

        // Units: each record with the comments and blank lines above it.
        let mut units: Vec<Unit<'a>> = Vec::new();
        let mut pending: Vec<Item<'a>> = Vec::new();
        let mut ok = true;
        for item in section {
            match item {
                Item::Record(record) => {
                    let owner = match &record.owner {
                        Some(text) => {
                            let name = Name::parse(text, Some(&origin)).ok();
                            ok &= name.is_some();
                            Owner {
                                text: text.clone(),
                                origin_epoch: epoch,
                                name,
                            }
                        }
                        None => match &last_owner {
                            Some(o) => o.clone(),
                            None => {
                                ok = false;
                                Owner {
                                    text: Cow::Borrowed(b""),
                                    origin_epoch: epoch,
                                    name: None,
                                }
                            }
                        },
                    };
                    last_owner = Some(owner.clone());
                    units.push(Unit {
                        comments: std::mem::take(&mut pending),
                        record,
                        owner,
                    });
                }
                other => pending.push(other),
            }
        }
        let sorted = sortable && ok && units.len() > 1;
        if units.len() > 1 && !sorted {
            let note = if !(ttl_in_force || all_have_ttls) {
                "records before the first $TTL were left in file order: without $TTL, a record with no TTL takes the previous record's (RFC 1035)"
            } else if !ok {
                "a section with an owner that could not be read was left in file order"
            } else {
                "records before an entry written as it was were left in file order"
            };
            if !notes.iter().any(|n| n == note) {
                notes.push(note.to_string());
            }
        }
        if sorted {
            units.sort_by(|a, b| compare(a, b));
        }
        for unit in units {
            let Unit {
                comments,
                mut record,
                owner,
            } = unit;
            if sorted {
                // Blank lines inside a sorted section would separate arbitrary neighbours.
                out.extend(comments.into_iter().filter(|c| !matches!(c, Item::Blank)));
            } else {
                out.extend(comments);
            }
            if record.owner.is_none() {
                let same = written_owner
                    .as_ref()
                    .is_some_and(|w| w.text == owner.text && w.origin_epoch == owner.origin_epoch);
                // An owner that is not known (inherited from a verbatim entry) stays blank:
                // the section is then left in file order, so it still inherits the same one.
                if !same && !owner.text.is_empty() {
                    record.owner = Some(if owner.origin_epoch == epoch {
                        owner.text.clone()
                    } else {
                        match &owner.name {
                            Some(name) => Cow::Owned(name.to_string().into_bytes()),
                            None => owner.text.clone(),
                        }
                    });
                }
            }
            written_owner = Some(owner);
            out.push(Item::Record(record));
        }
        out.extend(pending);
        match boundary {
            None => break,
            Some(Item::Directive(d)) => {
                let name = d.name().to_vec();
                if name == b"$ORIGIN" {
                    if let Some(arg) = d.words.get(1) {
                        if let Ok(next) = Name::parse(arg, Some(&origin)) {
                            origin = next;
                        }
                    }
                    epoch += 1;
                } else if name == b"$TTL" {
                    ttl_in_force = true;
                } else if name == b"$INCLUDE" {
                    // An included file may set anything; owners written after it are read
                    // against an origin we cannot see.
                    epoch += 1;
                }
                out.push(Item::Directive(d));
            }
            Some(other) => {
                // A verbatim entry: what it inherits is unknown from here on, and so is the
                // owner it may set for the blank-owner records after it.
                written_owner = None;
                last_owner = None;
                out.push(other);
            }
        }
    }
    out
}

/// Owner in canonical order, then SOA, NS, and the other types by number; equal keys keep
/// their order.
fn compare(a: &Unit<'_>, b: &Unit<'_>) -> Ordering {
    let by_owner = match (&a.owner.name, &b.owner.name) {
        (Some(x), Some(y)) => x.cmp(y),
        _ => Ordering::Equal,
    };
    by_owner.then_with(|| rank(a.record.rtype).cmp(&rank(b.record.rtype)))
}

fn rank(rtype: RecordType) -> u32 {
    match rtype {
        RecordType::SOA => 0,
        RecordType::NS => 1,
        other => 2 + u32::from(other.0),
    }
}

//! Finds personal data in free text before it is saved: BSNs (nine digits
//! passing the elfproef), IBANs (mod-97), Dutch phone numbers, e-mail
//! addresses and a postcode with a house number. The volunteer is warned and
//! may remove what was found.
//!
//! A small hand-written scanner: the `regex` crate would add hundreds of KB
//! to the app. Spans are byte offsets on char boundaries, sorted, never
//! overlapping.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    Bsn,
    Iban,
    Phone,
    Email,
    PostcodeHouseNumber,
}

impl PiiKind {
    /// The stable name (same as its serde form).
    pub fn code(self) -> &'static str {
        match self {
            PiiKind::Bsn => "bsn",
            PiiKind::Iban => "iban",
            PiiKind::Phone => "phone",
            PiiKind::Email => "email",
            PiiKind::PostcodeHouseNumber => "postcode_house_number",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PiiMatch {
    pub kind: PiiKind,
    pub start: usize,
    pub end: usize,
}

/// Every piece of personal data in `text`.
pub fn scan(text: &str) -> Vec<PiiMatch> {
    let mut found = Vec::new();
    found.extend(scan_emails(text));
    found.extend(scan_ibans(text));
    found.extend(scan_postcodes(text));
    found.extend(scan_numbers(text));
    found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    // Keep the first of overlapping matches (an e-mail wins over the digits inside it).
    let mut kept: Vec<PiiMatch> = Vec::new();
    for m in found {
        if kept.last().is_none_or(|last| m.start >= last.end) {
            kept.push(m);
        }
    }
    kept
}

/// `text` without the given matches; spaces around a removed piece collapse.
pub fn remove(text: &str, matches: &[PiiMatch]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in matches {
        // Matches from another text, or overlapping ones, are passed over.
        if m.start < at
            || m.end > text.len()
            || !text.is_char_boundary(m.start)
            || !text.is_char_boundary(m.end)
        {
            continue;
        }
        out.push_str(&text[at..m.start]);
        at = m.end;
    }
    out.push_str(&text[at..]);
    out.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11.
pub fn is_valid_bsn(digits: &[u8]) -> bool {
    if digits.len() != 9 || digits.iter().all(|&d| d == 0) {
        return false;
    }
    let sum: i32 = digits[..8]
        .iter()
        .enumerate()
        .map(|(i, &d)| (9 - i as i32) * d as i32)
        .sum::<i32>()
        - digits[8] as i32;
    sum % 11 == 0
}

/// ISO 13616: move the first four characters to the end, letters become
/// 10..35, and the number modulo 97 must be 1.
pub fn is_valid_iban(iban: &str) -> bool {
    let bytes = iban.as_bytes();
    if !(15..=34).contains(&bytes.len())
        || !bytes[..2].iter().all(u8::is_ascii_alphabetic)
        || !bytes[2..4].iter().all(u8::is_ascii_digit)
        || !bytes.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    if bytes[..2].eq_ignore_ascii_case(b"NL") && bytes.len() != 18 {
        return false;
    }
    let mut remainder: u32 = 0;
    for &b in bytes[4..].iter().chain(&bytes[..4]) {
        let value = if b.is_ascii_digit() {
            (b - b'0') as u32
        } else {
            (b.to_ascii_uppercase() - b'A') as u32 + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// True when position `i` of `bytes` does not continue a word.
fn boundary_before(bytes: &[u8], i: usize) -> bool {
    i == 0 || !is_word_byte(bytes[i - 1])
}

fn boundary_after(bytes: &[u8], i: usize) -> bool {
    i >= bytes.len() || !is_word_byte(bytes[i])
}

/// Runs of digits with single separators (space, dot, dash, slash) between
/// groups, optionally led by `+`: "06-123 456 78", "+31 6 12345678".
fn scan_numbers(text: &str) -> Vec<PiiMatch> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let plus = bytes[i] == b'+' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(bytes[i].is_ascii_digit() || plus) || !boundary_before(bytes, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = Vec::new();
        let mut j = if plus { i + 1 } else { i };
        let mut end = j;
        while j < bytes.len() {
            if bytes[j].is_ascii_digit() {
                digits.push(bytes[j] - b'0');
                j += 1;
                end = j;
            } else if (matches!(bytes[j], b' ' | b'.' | b'-' | b'/')
                && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
                && digits.len() < 13)
                || bytes[j] == b'('
                || bytes[j] == b')'
            {
                j += 1;
            } else {
                break;
            }
        }
        let separated = end - start > digits.len() + usize::from(plus);
        if boundary_after(bytes, end)
            && let Some(kind) = classify_number(&digits, plus, separated)
        {
            out.push(PiiMatch { kind, start, end });
        }
        i = end.max(i + 1);
    }
    out
}

fn classify_number(digits: &[u8], plus: bool, separated: bool) -> Option<PiiKind> {
    let international = |rest: &[u8]| rest.len() == 9 && rest[0] != 0;
    if plus {
        return (digits.starts_with(&[3, 1]) && international(&digits[2..]))
            .then_some(PiiKind::Phone);
    }
    if digits.starts_with(&[0, 0, 3, 1]) && international(&digits[4..]) {
        return Some(PiiKind::Phone);
    }
    if digits.len() == 10 && digits[0] == 0 && digits[1] != 0 {
        return Some(PiiKind::Phone);
    }
    if is_valid_bsn(digits) {
        return Some(PiiKind::Bsn);
    }
    // A BSN may be written without its leading zero; with separators eight
    // digits are far more often a date (12-03-2025).
    if digits.len() == 8 && !separated {
        let mut padded = vec![0];
        padded.extend_from_slice(digits);
        if is_valid_bsn(&padded) {
            return Some(PiiKind::Bsn);
        }
    }
    None
}

/// Two letters, two check digits, then letters and digits in groups that
/// may be separated by single spaces.
fn scan_ibans(text: &str) -> Vec<PiiMatch> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let starts = bytes[i].is_ascii_alphabetic()
            && bytes[i + 1].is_ascii_alphabetic()
            && bytes[i + 2].is_ascii_digit()
            && bytes[i + 3].is_ascii_digit()
            && boundary_before(bytes, i);
        if !starts {
            i += 1;
            continue;
        }
        // Collect up to 34 characters with their end positions.
        let mut chars = String::new();
        let mut ends = Vec::new();
        let mut j = i;
        while j < bytes.len() && chars.len() < 34 {
            if bytes[j].is_ascii_alphanumeric() {
                chars.push(bytes[j] as char);
                j += 1;
                ends.push(j);
            } else if bytes[j] == b' ' && bytes.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
                j += 1;
            } else {
                break;
            }
        }
        // The longest prefix that is a valid IBAN and ends at a word boundary.
        let found = (15..=chars.len())
            .rev()
            .find(|&n| boundary_after(bytes, ends[n - 1]) && is_valid_iban(&chars[..n]));
        match found {
            Some(n) => {
                out.push(PiiMatch {
                    kind: PiiKind::Iban,
                    start: i,
                    end: ends[n - 1],
                });
                i = ends[n - 1];
            }
            None => i += 1,
        }
    }
    out
}

fn scan_emails(text: &str) -> Vec<PiiMatch> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let domain = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        // A sentence may end right after the address.
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let host = &text[at + 1..end];
        let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        });
        if start < at && tld_ok && !host.starts_with('.') && !host.contains("..") {
            out.push(PiiMatch {
                kind: PiiKind::Email,
                start,
                end,
            });
        }
    }
    out
}

/// "1234 AB 5", "1234AB 5a", and "5, 1234 AB" (house number first).
fn scan_postcodes(text: &str) -> Vec<PiiMatch> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 6 <= bytes.len() {
        let Some(pc_end) = postcode_at(bytes, i) else {
            i += 1;
            continue;
        };
        // Postcode, then a house number.
        let mut j = pc_end;
        while j < bytes.len() && matches!(bytes[j], b' ' | b',') {
            j += 1;
        }
        if j > pc_end
            && let Some(number_end) = house_number_at(bytes, j)
        {
            out.push(PiiMatch {
                kind: PiiKind::PostcodeHouseNumber,
                start: i,
                end: number_end,
            });
            i = number_end;
            continue;
        }
        // A house number, then the postcode.
        let mut k = i;
        while k > 0 && matches!(bytes[k - 1], b' ' | b',') {
            k -= 1;
        }
        if k < i {
            let mut n = k;
            while n > 0 && bytes[n - 1].is_ascii_alphanumeric() {
                n -= 1;
            }
            if n < k && house_number_at(bytes, n) == Some(k) {
                out.push(PiiMatch {
                    kind: PiiKind::PostcodeHouseNumber,
                    start: n,
                    end: pc_end,
                });
            }
        }
        i = pc_end;
    }
    out
}

/// A Dutch postcode starting at `i`: 4 digits (not led by 0), an optional
/// space, two letters (not SA, SD or SS; capitals after a space). Returns its end.
fn postcode_at(bytes: &[u8], i: usize) -> Option<usize> {
    if !boundary_before(bytes, i)
        || bytes[i] == b'0'
        || !bytes[i..i + 4].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let mut j = i + 4;
    let spaced = bytes.get(j) == Some(&b' ');
    if spaced {
        j += 1;
    }
    let letters = bytes.get(j..j + 2)?;
    if !letters.iter().all(u8::is_ascii_alphabetic) || !boundary_after(bytes, j + 2) {
        return None;
    }
    // "2025 om 10" is a time, not a postcode: after a space, only capitals count.
    if spaced && !letters.iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    let upper = [
        letters[0].to_ascii_uppercase(),
        letters[1].to_ascii_uppercase(),
    ];
    if matches!(&upper, b"SA" | b"SD" | b"SS") {
        return None;
    }
    Some(j + 2)
}

/// 1 to 5 digits, not led by 0, optionally one letter ("12a"); returns its end.
fn house_number_at(bytes: &[u8], i: usize) -> Option<usize> {
    if !boundary_before(bytes, i) || !bytes.get(i)?.is_ascii_digit() || bytes[i] == b'0' {
        return None;
    }
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_digit() && j - i < 5 {
        j += 1;
    }
    if bytes.get(j).is_some_and(u8::is_ascii_alphabetic) {
        j += 1;
    }
    boundary_after(bytes, j).then_some(j)
}

#[cfg(test)]
mod tests;

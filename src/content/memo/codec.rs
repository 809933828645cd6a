//! A parsed item as bytes and back, positions included.
//!
//! The model's `Serialize` is `data.json`'s shape and leaves positions out;
//! a remembered item must give later checks the same lines to point at, so
//! it has this encoding of its own. Every struct is taken apart without
//! `..`: a field added to the model does not compile here until it is
//! encoded too. Decoding checks every length and position against the
//! bytes and the file's text; anything off is `None`, and the file is
//! parsed as if nothing were remembered.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::SourceFile;
use crate::model::{
    Action, Baseline, Datum, Detail, Direction, Item, Kpi, Method, Pos, Totals, Value, YearMap,
};

/// Bytes of one item.
pub fn encode(item: &Item) -> Vec<u8> {
    let mut w = Vec::with_capacity(1024);
    item.put(&mut w);
    w
}

/// The item `bytes` encode, its positions in `file`; `None` when the bytes
/// are not a whole item or point outside the file's text.
pub fn decode(bytes: &[u8], file: &Arc<SourceFile>) -> Option<Item> {
    let mut r = Input { bytes, file };
    let item = Item::take(&mut r)?;
    r.bytes.is_empty().then_some(item)
}

struct Input<'a> {
    bytes: &'a [u8],
    file: &'a Arc<SourceFile>,
}

impl Input<'_> {
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.bytes.split_first_chunk::<N>()?;
        self.bytes = rest;
        Some(*head)
    }

    fn slice(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn len(&mut self) -> Option<usize> {
        let n = u32::from_le_bytes(self.array()?) as usize;
        // No list is longer than what is left: a bad length fails here
        // rather than reserving memory for it.
        (n <= self.bytes.len()).then_some(n)
    }
}

trait Codec: Sized {
    fn put(&self, w: &mut Vec<u8>);
    fn take(r: &mut Input) -> Option<Self>;
}

fn put_len(n: usize, w: &mut Vec<u8>) {
    let n = u32::try_from(n).expect("no part of a content file is 4 GB");
    w.extend_from_slice(&n.to_le_bytes());
}

impl Codec for String {
    fn put(&self, w: &mut Vec<u8>) {
        put_len(self.len(), w);
        w.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Input) -> Option<Self> {
        let n = r.len()?;
        let bytes = r.slice(n)?;
        std::str::from_utf8(bytes).ok().map(str::to_string)
    }
}

impl Codec for f64 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn take(r: &mut Input) -> Option<Self> {
        Some(f64::from_bits(u64::from_le_bytes(r.array()?)))
    }
}

impl Codec for i32 {
    fn put(&self, w: &mut Vec<u8>) {
        w.extend_from_slice(&self.to_le_bytes());
    }
    fn take(r: &mut Input) -> Option<Self> {
        Some(i32::from_le_bytes(r.array()?))
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, w: &mut Vec<u8>) {
        match self {
            None => w.push(0),
            Some(v) => {
                w.push(1);
                v.put(w);
            }
        }
    }
    fn take(r: &mut Input) -> Option<Self> {
        match r.array::<1>()? {
            [0] => Some(None),
            [1] => Some(Some(T::take(r)?)),
            _ => None,
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, w: &mut Vec<u8>) {
        put_len(self.len(), w);
        for v in self {
            v.put(w);
        }
    }
    fn take(r: &mut Input) -> Option<Self> {
        let n = r.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::take(r)?);
        }
        Some(out)
    }
}

impl<T: Codec> Codec for YearMap<T> {
    fn put(&self, w: &mut Vec<u8>) {
        put_len(self.len(), w);
        for (year, v) in self {
            year.put(w);
            v.put(w);
        }
    }
    fn take(r: &mut Input) -> Option<Self> {
        let n = r.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push((i32::take(r)?, T::take(r)?));
        }
        // Written in year order from a map, so each year once and rising.
        out.windows(2)
            .all(|w| w[0].0 < w[1].0)
            .then(|| out.into_iter().collect())
    }
}

impl Codec for Pos {
    fn put(&self, w: &mut Vec<u8>) {
        put_len(self.range.start, w);
        put_len(self.range.end, w);
    }
    fn take(r: &mut Input) -> Option<Self> {
        let range: Range<usize> = Range {
            start: u32::from_le_bytes(r.array()?) as usize,
            end: u32::from_le_bytes(r.array()?) as usize,
        };
        let text = &r.file.text;
        let fits = range.start <= range.end
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end)
            && range.end <= text.len();
        fits.then(|| Pos {
            file: r.file.clone(),
            range,
        })
    }
}

impl Codec for Value {
    fn put(&self, w: &mut Vec<u8>) {
        match self {
            Value::Number(n) => {
                w.push(0);
                n.put(w);
            }
            Value::Text(t) => {
                w.push(1);
                t.put(w);
            }
        }
    }
    fn take(r: &mut Input) -> Option<Self> {
        match r.array::<1>()? {
            [0] => Some(Value::Number(f64::take(r)?)),
            [1] => Some(Value::Text(String::take(r)?)),
            _ => None,
        }
    }
}

impl Codec for Direction {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(match self {
            Direction::Higher => 0,
            Direction::Lower => 1,
        });
    }
    fn take(r: &mut Input) -> Option<Self> {
        match r.array::<1>()? {
            [0] => Some(Direction::Higher),
            [1] => Some(Direction::Lower),
            _ => None,
        }
    }
}

impl Codec for Method {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(match self {
            Method::Ratio => 0,
            Method::Progress => 1,
            Method::Cumulative => 2,
        });
    }
    fn take(r: &mut Input) -> Option<Self> {
        match r.array::<1>()? {
            [0] => Some(Method::Ratio),
            [1] => Some(Method::Progress),
            [2] => Some(Method::Cumulative),
            _ => None,
        }
    }
}

/// Encodes the listed fields in order and decodes them back into the
/// struct; the pattern names every field, so none can be left out.
macro_rules! codec_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Codec for $ty {
            fn put(&self, w: &mut Vec<u8>) {
                let $ty { $($field),* } = self;
                $( $field.put(w); )*
            }
            fn take(r: &mut Input) -> Option<Self> {
                Some($ty { $($field: Codec::take(r)?),* })
            }
        }
    };
}

codec_struct!(Datum { value, note });
codec_struct!(Detail { label, text });
codec_struct!(Baseline { year, value, note });
codec_struct!(Totals { target, actual });
codec_struct!(Action {
    title,
    plan,
    actual,
    notes,
    pos,
});
codec_struct!(Kpi {
    name,
    indicator,
    unit,
    direction,
    method,
    baseline,
    targets,
    actuals,
    totals,
    status,
    reported_rate,
    notes,
    pos,
    status_pos,
    reported_rate_pos,
    totals_pos,
    indicator_pos,
    unit_pos,
});
codec_struct!(Item {
    slug,
    number,
    title,
    category,
    departments,
    status,
    tags,
    themes,
    details,
    actions,
    kpis,
    notes,
    body,
    pos,
    category_pos,
    status_pos,
    themes_pos,
});

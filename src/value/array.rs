//! [`ArrayMut`]: a `Vec`'s API over the elements of an array or a list.

use std::ops::{Deref, DerefMut};

use super::Value;

/// The elements of an array or a list as a `Vec<Value>`, from
/// [`Value::as_array_mut`]: `push`, `insert`, `remove`, `retain`, `truncate`,
/// indexing… all work, as on `serde_json::Value::as_array_mut`.
///
/// A `Value` keeps its elements in a boxed slice (which keeps a `Value` at 24
/// bytes). This guard takes them out as a vector, without copying, and puts them
/// back when it is dropped (shrinking the allocation if it grew), so a run of
/// pushes through one guard costs what pushes on a `Vec` cost. While it lives, the
/// value is borrowed; if the guard is leaked (`std::mem::forget`), the array is
/// left empty.
///
/// ```
/// use transit_format::{transit, Value};
/// let mut v = transit!([1, 2, 3]);
/// let mut items = v.as_array_mut().unwrap();
/// items.push(Value::from(4));
/// items.insert(0, Value::from(0));
/// items.remove(1);
/// items.retain(|x| x != &Value::from(3));
/// items[0] = Value::from(9);
/// drop(items);
/// assert_eq!(v, transit!([9, 2, 4]));
/// ```
pub struct ArrayMut<'a> {
    slot: &'a mut Box<[Value]>,
    items: Vec<Value>,
}

impl<'a> ArrayMut<'a> {
    pub(super) fn new(slot: &'a mut Box<[Value]>) -> Self {
        let items = std::mem::take(slot).into_vec();
        ArrayMut { slot, items }
    }
}

impl Deref for ArrayMut<'_> {
    type Target = Vec<Value>;

    fn deref(&self) -> &Vec<Value> {
        &self.items
    }
}

impl DerefMut for ArrayMut<'_> {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.items
    }
}

impl Drop for ArrayMut<'_> {
    fn drop(&mut self) {
        *self.slot = std::mem::take(&mut self.items).into_boxed_slice();
    }
}

impl std::fmt::Debug for ArrayMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.items.fmt(f)
    }
}

impl<'b> IntoIterator for &'b mut ArrayMut<'_> {
    type Item = &'b mut Value;
    type IntoIter = std::slice::IterMut<'b, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

impl<'b> IntoIterator for &'b ArrayMut<'_> {
    type Item = &'b Value;
    type IntoIter = std::slice::Iter<'b, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

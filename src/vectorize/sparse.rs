//! A compressed sparse row (CSR) matrix of `f64`, and its Matrix Market form.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

/// A sparse matrix in compressed sparse row form, laid out as scipy's `csr_matrix`.
///
/// Row `r` holds the columns `indices[indptr[r]..indptr[r + 1]]` with the values at the same
/// positions of `data`; columns are strictly increasing within a row. `indptr` has `rows + 1`
/// entries, starting at 0 and ending at `nnz`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SparseMatrix {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Where each row starts in `indices` and `data`, plus the end of the last row.
    pub indptr: Vec<usize>,
    /// Column of each stored value.
    pub indices: Vec<usize>,
    /// The stored values.
    pub data: Vec<f64>,
}

/// One row of a [`SparseMatrix`]: its columns and values, columns increasing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SparseRow<'a> {
    /// Columns of the stored values.
    pub indices: &'a [usize],
    /// The stored values.
    pub data: &'a [f64],
}

impl<'a> SparseRow<'a> {
    /// `(column, value)` pairs, columns increasing.
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + 'a {
        self.indices.iter().copied().zip(self.data.iter().copied())
    }

    /// Number of stored values.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }
}

impl SparseMatrix {
    /// Assembles a matrix from rows of `(columns, values)`, columns increasing in each row.
    pub(crate) fn from_rows(rows: Vec<(Vec<usize>, Vec<f64>)>, cols: usize) -> SparseMatrix {
        let nnz = rows.iter().map(|(i, _)| i.len()).sum();
        let mut matrix = SparseMatrix {
            rows: rows.len(),
            cols,
            indptr: Vec::with_capacity(rows.len() + 1),
            indices: Vec::with_capacity(nnz),
            data: Vec::with_capacity(nnz),
        };
        matrix.indptr.push(0);
        for (indices, data) in rows {
            matrix.indices.extend(indices);
            matrix.data.extend(data);
            matrix.indptr.push(matrix.indices.len());
        }
        matrix
    }

    /// Number of stored values.
    pub fn nnz(&self) -> usize {
        self.data.len()
    }

    /// The rows `rows` of the matrix, in that order (a row may repeat); indices past the last
    /// row are left out.
    pub fn select_rows(&self, rows: &[usize]) -> SparseMatrix {
        let rows: Vec<usize> = rows.iter().copied().filter(|&r| r < self.rows).collect();
        let nnz = rows
            .iter()
            .map(|&r| self.indptr[r + 1] - self.indptr[r])
            .sum();
        let mut out = SparseMatrix {
            rows: rows.len(),
            cols: self.cols,
            indptr: Vec::with_capacity(rows.len() + 1),
            indices: Vec::with_capacity(nnz),
            data: Vec::with_capacity(nnz),
        };
        out.indptr.push(0);
        for &r in &rows {
            let range = self.indptr[r]..self.indptr[r + 1];
            out.indices.extend_from_slice(&self.indices[range.clone()]);
            out.data.extend_from_slice(&self.data[range]);
            out.indptr.push(out.indices.len());
        }
        out
    }

    /// Row `r`.
    ///
    /// # Panics
    /// When `r >= self.rows`, like slice indexing.
    pub fn row(&self, r: usize) -> SparseRow<'_> {
        let range = self.indptr[r]..self.indptr[r + 1];
        SparseRow {
            indices: &self.indices[range.clone()],
            data: &self.data[range],
        }
    }

    /// Every row, in order.
    pub fn row_iter(&self) -> impl Iterator<Item = SparseRow<'_>> + '_ {
        (0..self.rows).map(|r| self.row(r))
    }

    /// The value at `(r, c)`: 0 where nothing is stored or outside the matrix.
    pub fn get(&self, r: usize, c: usize) -> f64 {
        if r >= self.rows {
            return 0.0;
        }
        let row = self.row(r);
        match row.indices.binary_search(&c) {
            Ok(i) => row.data[i],
            Err(_) => 0.0,
        }
    }

    /// Writes the matrix in Matrix Market `coordinate real general` form: 1-based `row column
    /// value` lines in row-major order, values as shortest round-trip floats (`{:e}`), so
    /// reading them back gives the same `f64`s. `comments` go in `%` lines after the header.
    pub fn write_matrix_market(&self, out: &mut dyn Write, comments: &[&str]) -> io::Result<()> {
        writeln!(out, "%%MatrixMarket matrix coordinate real general")?;
        for comment in comments {
            for line in comment.lines() {
                writeln!(out, "% {line}")?;
            }
        }
        writeln!(out, "{} {} {}", self.rows, self.cols, self.nnz())?;
        for (r, row) in self.row_iter().enumerate() {
            for (c, value) in row.iter() {
                writeln!(out, "{} {} {:e}", r + 1, c + 1, value)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selected_rows_keep_their_values_in_the_order_asked() {
        let m = SparseMatrix::from_rows(
            vec![
                (vec![0, 2], vec![1.0, 2.0]),
                (vec![], vec![]),
                (vec![1], vec![3.0]),
            ],
            3,
        );
        let s = m.select_rows(&[2, 0, 2, 7]);
        assert_eq!((s.rows, s.cols, s.nnz()), (3, 3, 4));
        assert_eq!(s.indptr, [0, 1, 3, 4]);
        assert_eq!(s.get(0, 1), 3.0);
        assert_eq!(s.get(1, 2), 2.0);
        assert_eq!(s.get(2, 1), 3.0);
        assert_eq!(m.select_rows(&[1]).nnz(), 0);
    }

    fn example() -> SparseMatrix {
        SparseMatrix::from_rows(
            vec![
                (vec![0, 2], vec![0.5, 0.1]),
                (vec![], vec![]),
                (vec![1], vec![1.0 / 3.0]),
            ],
            3,
        )
    }

    #[test]
    fn rows_and_values_are_where_indptr_says() {
        let m = example();
        assert_eq!(m.indptr, vec![0, 2, 2, 3]);
        assert_eq!(m.nnz(), 3);
        assert_eq!(m.row(1).nnz(), 0);
        assert_eq!(m.get(0, 2), 0.1);
        assert_eq!(m.get(0, 1), 0.0);
        assert_eq!(m.get(9, 9), 0.0);
        let sums: Vec<f64> = m
            .row_iter()
            .map(|r| r.iter().map(|(_, v)| v).sum())
            .collect();
        assert_eq!(sums, vec![0.6, 0.0, 1.0 / 3.0]);
    }

    #[test]
    fn matrix_market_round_trips_every_bit() {
        let m = example();
        let mut out = Vec::new();
        m.write_matrix_market(&mut out, &["rows = units"]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("%%MatrixMarket matrix coordinate real general")
        );
        assert_eq!(lines.next(), Some("% rows = units"));
        assert_eq!(lines.next(), Some("3 3 3"));
        let last: Vec<&str> = text.lines().last().unwrap().split(' ').collect();
        assert_eq!(&last[..2], &["3", "2"]);
        assert_eq!(last[2].parse::<f64>().unwrap(), 1.0 / 3.0);
    }
}

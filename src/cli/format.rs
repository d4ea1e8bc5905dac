//! Output formats shared by every subcommand: an aligned table for people, CSV for
//! spreadsheets, JSON for programs.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// How a subcommand prints its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    #[default]
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// Rows of strings under a header, for the table and CSV formats.
#[derive(Debug, Default)]
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// Rows printed under a table (totals), never in CSV.
    pub footer: Vec<Vec<String>>,
    /// Free lines printed after the table as they are, never in CSV.
    pub notes: Vec<String>,
}

/// Longest cell printed in a table; longer cells are cut with an ellipsis.
const MAX_CELL_WIDTH: usize = 60;

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Self {
        Table {
            headers,
            ..Table::default()
        }
    }

    pub fn write_csv(&self, out: &mut impl Write) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.headers)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer.flush()?;
        Ok(())
    }

    pub fn write_table(&self, out: &mut impl Write) -> anyhow::Result<()> {
        let cells = |row: &[String]| -> Vec<String> { row.iter().map(|c| shorten(c)).collect() };
        let header: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        let body: Vec<Vec<String>> = self.rows.iter().map(|r| cells(r)).collect();
        let footer: Vec<Vec<String>> = self.footer.iter().map(|r| cells(r)).collect();
        let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
        for row in body.iter().chain(&footer) {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.width());
                }
            }
        }
        let line = |out: &mut dyn Write, row: &[String]| -> std::io::Result<()> {
            let mut text = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    text.push_str("  ");
                }
                text.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths
                        .get(i)
                        .copied()
                        .unwrap_or(0)
                        .saturating_sub(cell.width());
                    text.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(out, "{}", text.trim_end())
        };
        line(out, &header)?;
        for row in &body {
            line(out, row)?;
        }
        if !footer.is_empty() {
            let rule: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
            writeln!(out, "{}", "-".repeat(rule))?;
            for row in &footer {
                line(out, row)?;
            }
        }
        for note in &self.notes {
            writeln!(out, "{note}")?;
        }
        Ok(())
    }
}

fn shorten(cell: &str) -> String {
    let cell = cell.replace('\n', " ");
    if cell.width() <= MAX_CELL_WIDTH {
        return cell;
    }
    let mut out = String::new();
    let mut width = 0;
    for c in cell.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width + w > MAX_CELL_WIDTH - 1 {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Where and how a subcommand writes its rows.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically: a temporary file renamed into place) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

impl OutputArgs {
    /// Writes the rows to `--out` or to `stdout`.
    pub fn emit<T: Serialize>(
        &self,
        rows: &[T],
        table: impl FnOnce() -> Table,
        stdout: &mut impl Write,
    ) -> anyhow::Result<()> {
        match &self.out {
            None => print(self.format, rows, table, stdout),
            Some(path) => {
                let mut bytes = Vec::new();
                print(self.format, rows, table, &mut bytes)?;
                policylens::output::write_atomic(path, |w| w.write_all(&bytes))?;
                Ok(())
            }
        }
    }
}

/// Prints rows in the chosen format: JSON straight from the serialisable rows, table and CSV
/// from the flattened `table`.
pub fn print<T: Serialize>(
    format: Format,
    rows: &[T],
    table: impl FnOnce() -> Table,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)?;
        }
        Format::Csv => table().write_csv(out)?,
        Format::Table => table().write_table(out)?,
    }
    Ok(())
}

// CsvTable: RFC 4180 records with their file lines (quoted commas and newlines included), and one clear refusal,
// naming the source and the line, for each way a table can be malformed.
using Recurrent.Data;

namespace Recurrent.Tests.Data;

public sealed class CsvTableTests
{
    private static CsvTable Parse(string text) => CsvTable.Parse(new StringReader(text), "'F.csv'");

    private static string Refusal(string text) => Assert.Throws<RecurrentException>(() => Parse(text)).Message;

    [Fact]
    public void Reads_cells_and_lines()
    {
        var table = Parse("a,b,c\n1,2,3\n4,5,6\n");
        Assert.Equal("'F.csv'", table.Source);
        Assert.Equal(["a", "b", "c"], table.Columns);
        Assert.Equal(2, table.RowCount);
        Assert.Equal("6", table.Cell(1, 2));
        Assert.Equal(2, table.LineOf(0));
        Assert.Equal(3, table.LineOf(1));
        Assert.Equal(1, table.Column("b"));
    }

    [Fact]
    public void Quoted_commas_and_newlines_keep_the_line_numbers_right()
    {
        var table = Parse("name,note\r\n\"Smith, J\",\"two\nlines\"\r\nx,\"three\r\nlines\r\nhere\"\r\ny,\"say \"\"hi\"\"\"\r\n");
        Assert.Equal(3, table.RowCount);
        Assert.Equal("Smith, J", table.Cell(0, 0));
        Assert.Equal("two\nlines", table.Cell(0, 1));
        Assert.Equal([2, 4, 7], Enumerable.Range(0, 3).Select(table.LineOf));
        Assert.Equal("say \"hi\"", table.Cell(2, 1));
    }

    [Fact]
    public void Blank_lines_are_skipped_and_counted()
    {
        var table = Parse("a,b\n\n1,2\n   \n3,4");
        Assert.Equal(2, table.RowCount);
        Assert.Equal(3, table.LineOf(0));
        Assert.Equal(5, table.LineOf(1));
    }

    [Fact]
    public void Numbers_are_invariant_and_finite()
    {
        var table = Parse("x\n1.5\n-1e3\n 7 \nabc\nNaN\nInfinity\n1e999\n\"1,5\"\n\"\"\n");
        Assert.Equal(1.5, table.Number(0, 0));
        Assert.Equal(-1000, table.Number(1, 0));
        Assert.Equal(7, table.Number(2, 0));
        Assert.Equal("'F.csv', line 5, column 'x': 'abc' is not a number.", Assert.Throws<RecurrentException>(() => table.Number(3, 0)).Message);
        foreach (int row in new[] { 4, 5, 6 })
            Assert.Contains("is not a finite number", Assert.Throws<RecurrentException>(() => table.Number(row, 0)).Message);
        Assert.Contains("line 9, column 'x': '1,5' is not a number", Assert.Throws<RecurrentException>(() => table.Number(7, 0)).Message);
        Assert.True(table.IsEmpty(8, 0));
        Assert.False(table.IsEmpty(0, 0));
    }

    [Fact]
    public void An_unknown_column_lists_the_columns()
    {
        var table = Parse("a,b,c\n1,2,3\n");
        Assert.Equal("'F.csv' has no column 'x'; its columns are a, b, c.", Assert.Throws<RecurrentException>(() => table.Column("x")).Message);
    }

    [Theory]
    [InlineData("", "'F.csv' has no header line")]
    [InlineData("\n\n", "'F.csv' has no header line")]
    [InlineData("a,b,a\n1,2,3\n", "'F.csv', line 1: the header names the column 'a' twice.")]
    [InlineData("a,,c\n1,2,3\n", "'F.csv', line 1: the header's column 2 has no name.")]
    [InlineData("a,b,c,d,e\n1,2,3,4,5\n\"x\ny\",2,3,4,5\n1,2,3,4\n", "'F.csv', line 5 has 4 fields, the header 5")]
    [InlineData("a,b\n1,2\n3,\"4\n5,6\n", "'F.csv', line 3: a quoted field has no closing quote.")]
    public void Malformed_tables_are_refused_with_the_line(string text, string expected) =>
        Assert.StartsWith(expected, Refusal(text));

    [Fact]
    public void Read_uses_the_text_files_checks()
    {
        string folder = Directory.CreateTempSubdirectory("csvtable").FullName;
        try
        {
            string missing = Path.Combine(folder, "none.csv");
            Assert.Equal($"The data file '{missing}' does not exist.", Assert.Throws<RecurrentException>(() => CsvTable.Read(missing)).Message);
            string empty = Path.Combine(folder, "empty.csv");
            File.WriteAllBytes(empty, []);
            Assert.Equal($"The data file '{empty}' is empty.", Assert.Throws<RecurrentException>(() => CsvTable.Read(empty)).Message);
            string latin = Path.Combine(folder, "latin.csv");
            File.WriteAllBytes(latin, [(byte)'a', (byte)'\n', 0xE9, (byte)'\n']);
            Assert.Contains("is not valid UTF-8", Assert.Throws<RecurrentException>(() => CsvTable.Read(latin)).Message);
            string good = Path.Combine(folder, "good.csv");
            File.WriteAllText(good, "\uFEFFa,b\n1,2\n");
            var table = CsvTable.Read(good);
            Assert.Equal($"'{good}'", table.Source);
            Assert.Equal(["a", "b"], table.Columns); // the byte-order mark is not part of the first name
            Assert.Contains($"'{good}', line 2", Assert.Throws<RecurrentException>(() => CsvTable.Read(good).Number(0, 0) + CsvTable.Parse(new StringReader("a\nz"), $"'{good}'").Number(0, 0)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

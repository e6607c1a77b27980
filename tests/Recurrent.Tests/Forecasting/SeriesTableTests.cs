// SeriesTable on small CSV texts: the time forms and the step found from them, future rows, several series, the fills,
// and one refusal for each rule, naming the line and the column. Then the two real files, when they are beside the checkout.
using Recurrent.Data;
using Recurrent.Forecasting;
using Recurrent.Tests.Data;
using Xunit.Abstractions;

namespace Recurrent.Tests.Forecasting;

public sealed class SeriesTableTests(ITestOutputHelper output)
{
    private static SeriesTable Read(string text, SeriesColumns columns) =>
        SeriesTable.Read(CsvTable.Parse(new StringReader(text), "'F.csv'"), columns);

    private static RecurrentException Refusal(string text, SeriesColumns columns) =>
        Assert.Throws<RecurrentException>(() => Read(text, columns));

    private static SeriesColumns Daily(params string[] targets) => new(targets) { Time = ["date"] };

    private static string[] Written(SeriesTable table, SeriesData series) =>
        [.. series.Times.Select(t => string.Join(" ", table.Axis.Format(t)))];

    [Fact]
    public void A_daily_series_reads_its_dates_and_values()
    {
        var table = Read("date,births\n1969-01-01,10\n1969-01-02,11\n1969-01-03,12\n", Daily("births"));
        Assert.Equal(TimeKind.Calendar, table.Axis.Kind);
        Assert.Equal("daily", table.Axis.Describe());
        Assert.Equal(TimeSpan.TicksPerDay, table.Axis.Step);
        Assert.Equal(["date"], table.Axis.Columns);
        var series = Assert.Single(table.Series);
        Assert.Equal("", series.Id);
        Assert.Equal((3, 0, 1), (series.Observed, series.Future, table.TargetCount));
        Assert.Equal([10.0, 11, 12], series.Targets);
        Assert.Equal([2, 3, 4], series.Lines);
        Assert.Equal(0, series.FilledValues);
        Assert.Equal(new DateTime(1969, 1, 1), table.Axis.ToDate(series.Times[0]));
        Assert.Equal(["1969-01-01", "1969-01-02", "1969-01-03"], Written(table, series));
        Assert.Equal(["1969-01-05"], table.Axis.Format(table.Axis.Next(series.Times[^1], 2)));
        Assert.Equal(series.Times[0], table.Axis.Next(series.Times[2], -2));
    }

    [Fact]
    public void Timestamps_keep_their_form_and_find_a_step_of_seconds()
    {
        var table = Read("t,v\n2010-05-09 12:00,1\n2010-05-09 12:00:05,2\n2010-05-09 12:00:10,3\n", new(["v"]) { Time = ["t"] });
        Assert.Equal("every 5 s", table.Axis.Describe());
        Assert.Equal(["2010-05-09 12:00:00", "2010-05-09 12:00:05", "2010-05-09 12:00:10"], Written(table, table.Series[0]));

        var iso = Read("t,v\n2010-05-09T12:00,1\n2010-05-09T13:00,2\n", new(["v"]) { Time = ["t"] });
        Assert.Equal("hourly", iso.Axis.Describe());
        Assert.Equal(["2010-05-09T12:00", "2010-05-09T13:00"], Written(iso, iso.Series[0]));
        Assert.Equal(["2010-05-09T14:00"], iso.Axis.Format(iso.Axis.Next(iso.Series[0].Times[1], 1)));

        var millis = Read("t,v\n2010-05-09 12:00:00.250,1\n2010-05-09 12:00:00.500,2\n", new(["v"]) { Time = ["t"] });
        Assert.Equal("every 250 ms", millis.Axis.Describe());
        Assert.Equal(["2010-05-09 12:00:00.250", "2010-05-09 12:00:00.500"], Written(millis, millis.Series[0]));
    }

    [Fact]
    public void Whole_months_on_one_day_step_in_months()
    {
        var monthly = Read("m,v\n2020-01,1\n2020-02,2\n2020-04,4\n", new(["v"]) { Time = ["m"], Fill = GapFill.Linear });
        Assert.Equal("monthly", monthly.Axis.Describe());
        Assert.Equal((0, 1), (monthly.Axis.Step, monthly.Axis.StepMonths));
        Assert.Equal(["2020-01", "2020-02", "2020-03", "2020-04"], Written(monthly, monthly.Series[0]));
        Assert.Equal([1.0, 2, 3, 4], monthly.Series[0].Targets);
        Assert.Equal([2, 3, 0, 4], monthly.Series[0].Lines);
        Assert.Equal(1, monthly.Series[0].FilledValues);

        var quarterly = Read("d,v\n2020-01-15,1\n2020-04-15,2\n2020-07-15,3\n", new(["v"]) { Time = ["d"] });
        Assert.Equal("quarterly", quarterly.Axis.Describe());
        Assert.Equal(["2020-10-15"], quarterly.Axis.Format(quarterly.Axis.Next(quarterly.Series[0].Times[^1], 1)));

        var ends = Read("d,v\n2020-01-31,1\n2020-02-29,2\n2020-03-31,3\n", new(["v"]) { Time = ["d"] });
        Assert.Equal("monthly (month ends)", ends.Axis.Describe());
        Assert.Equal(["2020-04-30"], ends.Axis.Format(ends.Axis.Next(ends.Series[0].Times[^1], 1)));

        var yearly = Read("year,month,day,v\n2000,1,1,1\n2001,1,1,2\n2003,1,1,4\n", new(["v"]) { Time = ["year", "month", "day"], Fill = GapFill.Forward });
        Assert.Equal("yearly", yearly.Axis.Describe());
        Assert.Equal(["2000 1 1", "2001 1 1", "2002 1 1", "2003 1 1"], Written(yearly, yearly.Series[0]));
        Assert.Equal([1.0, 2, 2, 4], yearly.Series[0].Targets);
    }

    [Fact]
    public void Whole_numbers_and_row_order()
    {
        var numbers = Read("t,v\n10,1\n12,2\n14,3\n", new(["v"]) { Time = ["t"] });
        Assert.Equal(TimeKind.WholeNumber, numbers.Axis.Kind);
        Assert.Equal("every 2", numbers.Axis.Describe());
        Assert.Equal([10L, 12, 14], numbers.Series[0].Times);
        Assert.Equal(["16"], numbers.Axis.Format(numbers.Axis.Next(14, 1)));
        Assert.Null(numbers.Axis.ToDate(10));

        var rows = Read("v\n5\n6\n7\n", new(["v"]));
        Assert.Equal(TimeKind.RowOrder, rows.Axis.Kind);
        Assert.Equal("every 1 (row order)", rows.Axis.Describe());
        Assert.Equal([0L, 1, 2], rows.Series[0].Times);
        Assert.Empty(rows.Axis.Format(1));
        Assert.Equal(3, rows.Axis.Next(2, 1));
    }

    [Fact]
    public void Future_rows_give_known_covariates_and_no_targets()
    {
        const string text = "date,v,temp,kind,past\n2020-01-01,1,5,a,7\n2020-01-02,2,6,b,8\n2020-01-03,,7,a,\n2020-01-04,,8,b,\n";
        var table = Read(text, Daily("v") with { Covariates = ["temp", "kind"], PastCovariates = ["past"], Categorical = ["kind"] });
        var series = table.Series[0];
        Assert.Equal((2, 2), (series.Observed, series.Future));
        Assert.Equal(4, series.Times.Length);
        Assert.Equal([1.0, 2], series.Targets);
        Assert.Equal([5.0, 6, 7, 8], series.Numbers["temp"]);
        Assert.Equal([7.0, 8], series.Numbers["past"]);
        Assert.Equal(["a", "b", "a", "b"], series.Labels["kind"]);
        Assert.Equal([2, 3, 4, 5], series.Lines);
    }

    [Fact]
    public void Several_series_may_interleave()
    {
        var table = Read("t,id,v,w\n1,b,1,-1\n1,a,10,-10\n2,b,2,-2\n2,a,20,-20\n3,a,30,-30\n", new(["v", "w"]) { Time = ["t"], Series = "id" });
        Assert.Equal(["b", "a"], table.Series.Select(s => s.Id));
        Assert.Equal(2, table.TargetCount);
        Assert.Equal([1.0, -1, 2, -2], table.Series[0].Targets);
        Assert.Equal([10.0, -10, 20, -20, 30, -30], table.Series[1].Targets);
        Assert.Equal([3, 5, 6], table.Series[1].Lines);
        Assert.Equal(1, table.Axis.Step);
    }

    [Theory]
    [InlineData(GapFill.Forward, new[] { 1.0, 1, 1, 4 }, new[] { 10.0, 10, 10, 40 })]
    [InlineData(GapFill.Linear, new[] { 1.0, 2, 3, 4 }, new[] { 10.0, 20, 30, 40 })]
    [InlineData(GapFill.Zero, new[] { 1.0, 0, 0, 4 }, new[] { 10.0, 0, 0, 40 })]
    public void Fills_supply_a_gap_and_empty_cells(GapFill fill, double[] targets, double[] covariate)
    {
        // 2020-01-02 has empty cells, 2020-01-03 is missing
        const string text = "date,v,c,k\n2020-01-01,1,10,x\n2020-01-02,,,\n2020-01-04,4,40,y\n";
        var series = Read(text, Daily("v") with { Covariates = ["c", "k"], Categorical = ["k"], Fill = fill }).Series[0];
        Assert.Equal(targets, series.Targets);
        Assert.Equal(covariate, series.Numbers["c"]);
        Assert.Equal(["x", "x", "x", "y"], series.Labels["k"]); // labels are carried whatever the method
        Assert.Equal([2, 3, 0, 4], series.Lines);
        Assert.Equal(6, series.FilledValues); // v, c, k on both rows
    }

    [Fact]
    public void Linear_fill_carries_at_the_ends_and_forward_fill_needs_an_earlier_value()
    {
        const string text = "date,v,c\n2020-01-01,1,\n2020-01-02,2,20\n2020-01-03,3,30\n";
        var series = Read(text, Daily("v") with { PastCovariates = ["c"], Fill = GapFill.Linear }).Series[0];
        Assert.Equal([20.0, 20, 30], series.Numbers["c"]);
        var error = Refusal(text, Daily("v") with { PastCovariates = ["c"], Fill = GapFill.Forward });
        Assert.Contains("line 2, column 'c' is empty and no earlier row", error.Message);
    }

    [Fact]
    public void Quoted_newlines_keep_line_numbers_right()
    {
        var error = Refusal("date,note,v\n2020-01-01,\"two\nlines\",1\n2020-01-02,x,abc\n", Daily("v"));
        Assert.Equal("'F.csv', line 4, column 'v': 'abc' is not a number.", error.Message);
    }

    [Theory]
    [InlineData("date,v\n2020-01-01,1\n", new[] { "nope" }, "has no column 'nope' (named in targets); its columns are date, v.")]
    [InlineData("date,v\n2020-01-01,1\n", new string[0], "No column is a target")]
    [InlineData("date,v\n2020-01-01,NaN\n", new[] { "v" }, "line 2, column 'v': 'NaN' is not a finite number.")]
    [InlineData("date,v\n2020-01-01,1e400\n", new[] { "v" }, "line 2, column 'v': '1e400' is not a finite number.")]
    [InlineData("date,v\n2020-01-01,1\n01/02/2020,2\n", new[] { "v" }, "line 3, column 'date': '01/02/2020' is not a time; times are written yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss[.fff]]")]
    [InlineData("date,v\n2020-01-01,1\n,2\n", new[] { "v" }, "line 3, column 'date': the time is empty")]
    [InlineData("date,v\n1970-01-06,1\n1970-01-05,2\n", new[] { "v" }, "line 3, column 'date': 1970-01-05 comes before line 2's 1970-01-06; sort the rows by time.")]
    [InlineData("date,v\n1970-01-06,1\n1970-01-06,2\n", new[] { "v" }, "line 3, column 'date': lines 2 and 3 both have the time 1970-01-06")]
    [InlineData("date,v\n1970-01-01,1\n1970-01-02,2\n1970-01-03,3\n1970-01-04 12:00,4\n", new[] { "v" }, "line 5: 1970-01-04 12:00 is not a whole number of steps after line 4's 1970-01-03 00:00; the data are daily")]
    [InlineData("date,v\n1970-01-01,1\n1970-01-02,2\n1970-01-05,5\n", new[] { "v" }, "'F.csv': 2 rows are missing between line 3 (1970-01-02) and line 4 (1970-01-05); the data are daily. Add the rows, or set fill to")]
    [InlineData("date,v,w\n1970-01-01,1,1\n1970-01-02,,2\n1970-01-03,3,3\n", new[] { "v", "w" }, "line 3, column 'v' is empty, before the last row with every target")]
    [InlineData("date,v,w\n1970-01-01,1,1\n1970-01-02,,2\n", new[] { "v", "w" }, "line 3, column 'v' is empty, but other targets of line 3 are given")]
    [InlineData("date,v\n1970-01-01,1\n1970-01-02,\n", new[] { "v" }, "line 3, column 'v': the targets are empty after the last row with every target (line 2), but there are no known covariates; targets may be empty only in trailing rows that give known covariates")]
    [InlineData("date,v\n1970-01-01,\n1970-01-02,\n", new[] { "v" }, "'F.csv': the file has no row with every target given (its first row is line 2).")]
    [InlineData("date,v\n", new[] { "v" }, "'F.csv' has a header but no rows.")]
    public void Refusals_name_the_line_and_the_column(string text, string[] targets, string expected) =>
        Assert.Contains(expected, Refusal(text, Daily(targets)).Message);

    [Fact]
    public void Gaps_and_empty_cells_without_a_fill_name_the_fill_parameter()
    {
        var gap = Refusal("date,v\n1970-01-01,1\n1970-01-02,2\n1970-01-04,4\n", Daily("v"));
        Assert.Equal(["fill"], gap.Parameters);
        Assert.Contains("1 row is missing between line 3 (1970-01-02) and line 4 (1970-01-04)", gap.Message);
        var empty = Refusal("date,v,c\n1970-01-01,1,\n1970-01-02,2,5\n", Daily("v") with { Covariates = ["c"] });
        Assert.Equal("'F.csv', line 2, column 'c' is empty; give the value, or set fill to forward, linear or zero to supply it.", empty.Message);
        Assert.Equal(["fill"], empty.Parameters);
    }

    [Fact]
    public void Column_roles_are_checked()
    {
        const string text = "date,v,c,d\n1970-01-01,1,2,x\n";
        Assert.Equal("The column 'v' is in both targets and covariates; give each column one role.",
            Refusal(text, Daily("v") with { Covariates = ["v"] }).Message);
        Assert.Contains("'d' is in categorical but in neither covariates nor pastCovariates", Refusal(text, Daily("v") with { Categorical = ["d"] }).Message);
        Assert.Contains("'F.csv' has no column 'e' (named in covariates)", Refusal(text, Daily("v") with { Covariates = ["e"] }).Message);
        Assert.Contains("time names 2 columns", Refusal(text, new(["v"]) { Time = ["date", "c"] }).Message);
        Assert.Equal(["targets", "series"], Refusal(text, Daily("v") with { Series = "v" }).Parameters);
        Assert.Contains("covariates names the column 'c' twice", Refusal(text, Daily("v") with { Covariates = ["c", "c"] }).Message);
    }

    [Fact]
    public void Year_month_day_columns_must_make_a_date()
    {
        var error = Refusal("year,month,day,v\n1969,2,28,1\n1969,2,30,2\n", new(["v"]) { Time = ["year", "month", "day"] });
        Assert.Equal("'F.csv', line 3: 1969-02-30 is not a valid date (columns year, month, day).", error.Message);
        var part = Refusal("year,month,day,v\n1969,2,x,1\n", new(["v"]) { Time = ["year", "month", "day"] });
        Assert.StartsWith("'F.csv', line 2, column 'day': 'x' is not a whole number", part.Message);
    }

    [Fact]
    public void A_future_row_must_give_every_known_covariate()
    {
        var error = Refusal("date,v,c\n1970-01-01,1,1\n1970-01-02,,\n", Daily("v") with { Covariates = ["c"] });
        Assert.Equal("'F.csv', line 3, column 'c' is empty in a future row (its targets are empty); a future row must give every known covariate.", error.Message);
    }

    [Fact]
    public void A_series_without_observed_rows_is_named()
    {
        var error = Refusal("t,id,v\n1,a,1\n1,b,\n", new(["v"]) { Time = ["t"], Series = "id" });
        Assert.Contains("the series 'b' has no row with every target given (its first row is line 3)", error.Message);
    }

    [Fact]
    public void Unsorted_rows_are_found_within_a_series()
    {
        var error = Refusal("t,id,v\n2,a,1\n1,b,1\n1,a,2\n", new(["v"]) { Time = ["t"], Series = "id" });
        Assert.Equal("'F.csv', line 4, column 't': 1 comes before line 2's 2; sort the rows by time.", error.Message);
    }

    [Fact]
    public void The_real_us_births_read_as_7305_days()
    {
        string? path = SharedData.UsBirths();
        if (path is null)
        {
            output.WriteLine("skipped: ../shared/data/us-births-1969-1988.csv is not beside this checkout");
            return;
        }
        var table = SeriesTable.Read(path, new(["births"]) { Time = ["year", "month", "date_of_month"] });
        var series = Assert.Single(table.Series);
        Assert.Equal(7305, series.Observed);
        Assert.Equal("daily", table.Axis.Describe());
        Assert.Equal(new DateTime(1969, 1, 1), table.Axis.ToDate(series.Times[0]));
        Assert.Equal(new DateTime(1988, 12, 31), table.Axis.ToDate(series.Times[^1]));
        Assert.Equal(8486, series.Targets[0]);
    }

    [Fact]
    public void The_real_sensor_readings_read_as_four_series()
    {
        string? path = SharedData.SensorSingleHop();
        if (path is null)
        {
            output.WriteLine("skipped: ../shared/data/sensor-single-hop.csv is not beside this checkout");
            return;
        }
        var table = SeriesTable.Read(path, new(["humidity", "temperature"]) { Time = ["reading"], Series = "mote_id" });
        Assert.Equal([4417, 4417, 5039, 5041], table.Series.Select(s => s.Observed));
        Assert.Equal(1, table.Axis.Step);
        Assert.Equal(2 * 4417, table.Series[0].Targets.Length);
        Assert.Equal([45.93, 27.97], table.Series[0].Targets[..2]);
    }
}

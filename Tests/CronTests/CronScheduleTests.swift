import Testing
@testable import Cron

@Suite struct CronScheduleTests {
    @Test func fieldsExpandToTheirValues() throws {
        let schedule = try CronSchedule(parsing: "*/15 2-4,22 1,15 jan-mar MON-fri")
        #expect(schedule.minutes == [0, 15, 30, 45])
        #expect(schedule.hours == [2, 3, 4, 22])
        #expect(schedule.daysOfMonth == [1, 15])
        #expect(schedule.months == [1, 2, 3])
        #expect(schedule.daysOfWeek == [1, 2, 3, 4, 5])
        #expect(schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted)
    }

    @Test func stepsFromAStartAndSundayAsSeven() throws {
        let schedule = try CronSchedule(parsing: "5/20 0 * * 7")
        #expect(schedule.minutes == [5, 25, 45])
        #expect(schedule.daysOfWeek == [0])
        #expect(!schedule.dayOfMonthRestricted)
    }

    @Test(arguments: [
        ("@daily", "0 0 * * *"), ("@hourly", "0 * * * *"), ("@weekly", "0 0 * * 0"), ("@monthly", "0 0 1 * *"),
    ])
    func shorthands(shorthand: String, expanded: String) throws {
        let a = try CronSchedule(parsing: shorthand)
        let b = try CronSchedule(parsing: expanded)
        #expect(a.minutes == b.minutes && a.hours == b.hours && a.daysOfWeek == b.daysOfWeek)
        #expect(a.daysOfMonth == b.daysOfMonth && a.months == b.months)
    }

    @Test(arguments: [
        ("60 * * * *", #"minute field "60": 60 is outside 0-59"#),
        ("* * 0 * *", #"day of month field "0": 0 is outside 1-31"#),
        ("* * * foo *", #"month field "foo": "foo" is not a number or a name"#),
        ("* * * * 1-8", #"day of week field "1-8": 8 is outside 0-7"#),
        ("5-1 * * * *", #"minute field "5-1": range goes backwards"#),
        ("*/0 * * * *", #"minute field "*/0": step must be a positive number"#),
        ("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4"),
        ("@sometimes", "unknown shorthand \"@sometimes\" (known: @annually, @daily, @hourly, @midnight, @monthly, @weekly, @yearly)"),
        ("1,,2 * * * *", #"minute field "": "" is not a number"#),
    ])
    func invalidExpressionsSayWhichField(expression: String, message: String) {
        #expect(throws: CronSchedule.ParseError(description: message)) { try CronSchedule(parsing: expression) }
    }
}

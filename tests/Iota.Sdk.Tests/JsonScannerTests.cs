using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Iota.Sdk;
using Iota.Sdk.Internal;
using Xunit.Abstractions;

namespace Iota.Sdk.Tests;

/// <summary>
/// <see cref="EventBuffer.TryAppendValue"/> against its reference, <see cref="Utf8JsonReader"/> with the options the
/// record parser falls back to (the defaults, but containers nested 256 deep rather than 64) feeding
/// <see cref="EventBuffer.AppendValue"/>: the scanner never accepts what the reader rejects, builds exactly
/// the reader's index and end offset when it accepts, and leaves the buffer as it was when it gives up. Unlike the
/// reader it also gives up on strings that are not valid UTF-8, so what it accepts is valid UTF-8 throughout.
/// Inputs are written one char per byte (Latin-1), so "\u0080" is the single byte 0x80, not UTF-8.
/// </summary>
public sealed class JsonScannerTests(ITestOutputHelper output)
{
    /// <summary>What the reader and the scanner make of an input.</summary>
    public enum Verdict
    {
        /// <summary>Both accept, with identical tokens and end.</summary>
        Accepted,

        /// <summary>The reader rejects it and the scanner gives up.</summary>
        Rejected,

        /// <summary>The reader accepts it but the scanner gives up (allowed: the caller falls back to the reader).</summary>
        GivesUp,
    }

    // Indexed before the value under test, so a give-up must keep these tokens and the count.
    private const string Prefix = "[true,{\"p\":-1}] ";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly EventBuffer _reference = new();
    private readonly EventBuffer _scanned = new();

    public static TheoryData<string, Verdict> Cases => new()
    {
        // Containers.
        { "{}", Verdict.Accepted },
        { "[]", Verdict.Accepted },
        { "[[]]", Verdict.Accepted },
        { "{\"a\":{}}", Verdict.Accepted },
        { "{\"a\":[1,{\"b\":null,\"c\":[[],{}]}],\"d\":\"e\"}", Verdict.Accepted },
        { "[{},[],\"\",0,true,false,null]", Verdict.Accepted },
        { "", Verdict.Rejected },
        { " \t\r\n", Verdict.Rejected },
        { "{", Verdict.Rejected },
        { "[", Verdict.Rejected },
        { "}", Verdict.Rejected },
        { "]", Verdict.Rejected },
        { "[}", Verdict.Rejected },
        { "{]", Verdict.Rejected },
        { "[1", Verdict.Rejected },
        { "[1,", Verdict.Rejected },
        { "{\"a\"", Verdict.Rejected },
        { "{\"a\":", Verdict.Rejected },
        { "{\"a\":1", Verdict.Rejected },
        { "[[]", Verdict.Rejected },

        // Whitespace: the four JSON whitespace bytes everywhere; nothing else is whitespace.
        { " \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\nnull \t\r\n] \t\r\n, \"b\":{ } \t\r\n} \t\r\n", Verdict.Accepted },
        { "[ \t\r\n]", Verdict.Accepted },
        { "{ \t\r\n}", Verdict.Accepted },
        { "\f{}", Verdict.Rejected },
        { "[\u000B1]", Verdict.Rejected },
        { "[1\f]", Verdict.Rejected },
        { "\u00A0[]", Verdict.Rejected },
        { "[\u00001]", Verdict.Rejected },

        // Escapes.
        { @"""\""""", Verdict.Accepted },
        { @"""\\""", Verdict.Accepted },
        { @"""\/""", Verdict.Accepted },
        { @"""\b\f\n\r\t""", Verdict.Accepted },
        { @"""\u00e9\u00E9\uABCD\u0000""", Verdict.Accepted },
        { @"{""a\""b"":""\""\\\/\b\f\n\r\t\u00e9""}", Verdict.Accepted },
        { @"[""x\\"",""\\""]", Verdict.Accepted },
        { @"""\x""", Verdict.Rejected },
        { @"""\a""", Verdict.Rejected },
        { @"""\'""", Verdict.Rejected },
        { @"""\0""", Verdict.Rejected },
        { @"""\U0041""", Verdict.Rejected },
        { @"""\u""", Verdict.Rejected },
        { @"""\u12""", Verdict.Rejected },
        { @"""\u123""", Verdict.Rejected },
        { @"""\u12G4""", Verdict.Rejected },
        { @"""\u{41}""", Verdict.Rejected },
        { @"""\", Verdict.Rejected },
        { @"""abc\", Verdict.Rejected },
        { @"""abc\""", Verdict.Rejected },
        { @"""\u00e", Verdict.Rejected },
        { @"{""a\x"":1}", Verdict.Rejected },

        // Unpaired and misordered surrogate escapes: the reader checks only the hex digits.
        { @"""\ud800""", Verdict.Accepted },
        { @"""\udc00""", Verdict.Accepted },
        { @"""\ud800\u0041""", Verdict.Accepted },
        { @"""\ude00\ud83d""", Verdict.Accepted },
        { @"""\ud83d\ude00""", Verdict.Accepted },
        { @"{""\ud800"":""\udfff""}", Verdict.Accepted },

        // Raw bytes in strings: control characters are errors; DEL and valid UTF-8 are not. The reader does not
        // validate UTF-8; the scanner gives up on invalid UTF-8, so the record parser's reader path reports it.
        { "\"a\u0001b\"", Verdict.Rejected },
        { "\"\u001F\"", Verdict.Rejected },
        { "\"\u0000\"", Verdict.Rejected },
        { "\"a\tb\"", Verdict.Rejected },
        { "\"a\nb\"", Verdict.Rejected },
        { "\"a\rb\"", Verdict.Rejected },
        { "{\"a\u0001\":1}", Verdict.Rejected },
        { "\"\u007F\"", Verdict.Accepted },
        { "\"\u00C3\u00A9\u00E2\u0082\u00AC\u00F0\u009F\u0098\u0080\"", Verdict.Accepted }, // é € 😀 in UTF-8
        { "{\"\u00C3\u00A9\":\"\u00E2\u0082\u00AC\"}", Verdict.Accepted },
        { "\"\u0080\u00FF\u00C3\u00A9\u00E2\u0082\u00AC\"", Verdict.GivesUp },
        { "\"\u00C3\"", Verdict.GivesUp }, // a lead byte cut short by the closing quote
        { "\"\u00C0\u00AF\"", Verdict.GivesUp }, // overlong
        { "\"\u00ED\u00A0\u0080\"", Verdict.GivesUp }, // an encoded surrogate
        { "\"\u00C3\u00A9\u00FF\"", Verdict.GivesUp }, // valid, then invalid
        { "{\"\u00FF\":\"\u00C0\u0080\"}", Verdict.GivesUp },
        { " \"", Verdict.Rejected },
        { "\"abc", Verdict.Rejected },

        // Numbers.
        { "0", Verdict.Accepted },
        { "-0", Verdict.Accepted },
        { "7", Verdict.Accepted },
        { "123", Verdict.Accepted },
        { "1E+5", Verdict.Accepted },
        { "1e-5", Verdict.Accepted },
        { "1e5", Verdict.Accepted },
        { "-1.5e10", Verdict.Accepted },
        { "0.0e0", Verdict.Accepted },
        { "-0.5", Verdict.Accepted },
        { "12345678901234567890123456789e-999", Verdict.Accepted },
        { "[0,-0,1.25,-3E-0,4e+00]", Verdict.Accepted },
        { "{\"n\":1}", Verdict.Accepted },
        { "[1 ,2\t]", Verdict.Accepted },
        { "1 ", Verdict.Accepted },
        { "1\n", Verdict.Accepted },
        { "1,", Verdict.Accepted },
        { "1]", Verdict.Accepted },
        { "01", Verdict.Rejected },
        { "-01", Verdict.Rejected },
        { "00", Verdict.Rejected },
        { "-", Verdict.Rejected },
        { "--1", Verdict.Rejected },
        { "+1", Verdict.Rejected },
        { "1.", Verdict.Rejected },
        { "1.e5", Verdict.Rejected },
        { ".5", Verdict.Rejected },
        { "-.5", Verdict.Rejected },
        { "1e", Verdict.Rejected },
        { "1E", Verdict.Rejected },
        { "1e+", Verdict.Rejected },
        { "1e-", Verdict.Rejected },
        { "1e+-5", Verdict.Rejected },
        { "1.5.3", Verdict.Rejected },
        { "1x", Verdict.Rejected },
        { "1\f", Verdict.Rejected },
        { "1-", Verdict.Rejected },
        { "1\"", Verdict.Rejected },
        { "[01]", Verdict.Rejected },
        { "[-]", Verdict.Rejected },
        { "[1.]", Verdict.Rejected },
        { "[1x]", Verdict.Rejected },
        { "[1/]", Verdict.Rejected },
        { "[1true]", Verdict.Rejected },
        { "{\"a\":-}", Verdict.Rejected },
        { "{\"a\":1e}", Verdict.Rejected },

        // The reader ends a number at '/' (a comment could follow when comments are allowed) and then reads the first
        // value only; the scanner treats '/' as not a delimiter and gives up.
        { "1/", Verdict.GivesUp },

        // Literals.
        { "true", Verdict.Accepted },
        { "false", Verdict.Accepted },
        { "null", Verdict.Accepted },
        { "[true,false,null]", Verdict.Accepted },
        { "t", Verdict.Rejected },
        { "tru", Verdict.Rejected },
        { "fals", Verdict.Rejected },
        { "nul", Verdict.Rejected },
        { "nulL", Verdict.Rejected },
        { "False", Verdict.Rejected },
        { "TRUE", Verdict.Rejected },
        { "None", Verdict.Rejected },
        { "undefined", Verdict.Rejected },
        { "NaN", Verdict.Rejected },
        { "[truex]", Verdict.Rejected },
        { "[true false]", Verdict.Rejected },
        { "[tru]", Verdict.Rejected },
        { "{\"a\":nul}", Verdict.Rejected },

        // Commas and colons.
        { "[1,]", Verdict.Rejected },
        { "{\"a\":1,}", Verdict.Rejected },
        { "[,1]", Verdict.Rejected },
        { "[,]", Verdict.Rejected },
        { "{,\"a\":1}", Verdict.Rejected },
        { "{,}", Verdict.Rejected },
        { "[1,,2]", Verdict.Rejected },
        { "{\"a\":1,,\"b\":2}", Verdict.Rejected },
        { "[1 2]", Verdict.Rejected },
        { "[\"a\" \"b\"]", Verdict.Rejected },
        { "[{}{}]", Verdict.Rejected },
        { "{\"a\":1 \"b\":2}", Verdict.Rejected },
        { "{\"a\" 1}", Verdict.Rejected },
        { "{\"a\"::1}", Verdict.Rejected },
        { "{\"a\"}", Verdict.Rejected },
        { "{\"a\",1}", Verdict.Rejected },
        { "[1:2]", Verdict.Rejected },
        { "{1:2}", Verdict.Rejected },
        { "{a:1}", Verdict.Rejected },
        { "{'a':1}", Verdict.Rejected },
        { "['a']", Verdict.Rejected },
        { "{\"a\":1]", Verdict.Rejected },
        { "[1}", Verdict.Rejected },

        // Comments.
        { "[1,//c\n2]", Verdict.Rejected },
        { "[1/*c*/]", Verdict.Rejected },
        { "[1,/*c*/2]", Verdict.Rejected },
        { "/*c*/[]", Verdict.Rejected },
        { "//c\n[]", Verdict.Rejected },
        { "{\"a\":1/*c*/}", Verdict.Rejected },
        { "{/*c*/}", Verdict.Rejected },
        { "#c\n[]", Verdict.Rejected },

        // Duplicate keys are valid JSON.
        { "{\"a\":1,\"a\":2}", Verdict.Accepted },
        { "{\"a\":{\"a\":1,\"a\":[]},\"a\":null}", Verdict.Accepted },

        // After a complete top-level value the reader's first read is done; what follows is the caller's business.
        { "{} x", Verdict.Accepted },
        { "{}{}", Verdict.Accepted },
        { "[]]", Verdict.Accepted },
        { "\"a\"b", Verdict.Accepted },
        { "truex", Verdict.Accepted },
        { "null,", Verdict.Accepted },
        { "[1]//c", Verdict.Accepted },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_is_accepted_exactly_as_the_reader_accepts_it(string json, Verdict expected)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(json);

        Assert.Equal(expected, Check(bytes, 0, bytes.Length));
        Assert.Equal(expected, CheckAfterPrefix(bytes));
    }

    [Theory]
    [InlineData(1, Verdict.Accepted)]
    [InlineData(63, Verdict.Accepted)]
    [InlineData(EventBuffer.ScanMaxDepth, Verdict.Accepted)]
    [InlineData(EventBuffer.ScanMaxDepth + 1, Verdict.GivesUp)]
    [InlineData(256, Verdict.GivesUp)]
    [InlineData(257, Verdict.Rejected)]
    public void Nesting_deeper_than_the_scan_limit_gives_up(int depth, Verdict expected)
    {
        string arrays = new string('[', depth) + new string(']', depth);
        string objects = string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);
        string mixed = string.Concat(Enumerable.Range(0, depth).Select(i => i % 2 == 0 ? "[1," : "{\"k\":")) + "0"
            + string.Concat(Enumerable.Range(0, depth).Reverse().Select(i => i % 2 == 0 ? "]" : "}"));

        foreach (string json in new[] { arrays, objects, mixed })
        {
            byte[] bytes = Encoding.Latin1.GetBytes(json);
            Assert.Equal(expected, Check(bytes, 0, bytes.Length));
            Assert.Equal(expected, CheckAfterPrefix(bytes));
        }
    }

    /// <summary>A byte put into a string's content, and what the reader makes of the string then.</summary>
    public static TheoryData<string, string, Verdict> SpecialBytes => new()
    {
        { "quote", "\"", Verdict.Rejected }, // ends the string early: the rest is junk inside the array
        { "escaped newline", "\\n", Verdict.Accepted },
        { "escaped quote", "\\\"", Verdict.Accepted },
        { "escaped backslash", "\\\\", Verdict.Accepted },
        { "unicode escape", "\\u00e9", Verdict.Accepted },
        { "invalid escape", "\\a", Verdict.Rejected },
        { "non-hex unicode escape", "\\u0G1", Verdict.Rejected },
        { "NUL", "\u0000", Verdict.Rejected },
        { "0x01", "\u0001", Verdict.Rejected },
        { "tab", "\t", Verdict.Rejected },
        { "line feed", "\n", Verdict.Rejected },
        { "0x1F", "\u001F", Verdict.Rejected },
        { "space", " ", Verdict.Accepted },
        { "DEL", "\u007F", Verdict.Accepted },
        { "0x80", "\u0080", Verdict.GivesUp },
        { "0xFF", "\u00FF", Verdict.GivesUp },
        { "é in UTF-8", "\u00C3\u00A9", Verdict.Accepted },
    };

    [Theory]
    [MemberData(nameof(SpecialBytes))]
    public void A_special_byte_is_found_at_every_position_of_long_and_short_strings(string name, string special, Verdict expected)
    {
        // Vectors load 32 (or 16) bytes at a time and the tail goes byte by byte: put the byte at every offset 0..70
        // of strings up to 100 bytes, closed inside an array, closed at the very end of the input, and unclosed.
        // Fillers below and above 0x80 (ASCII, and é in UTF-8), so a signed comparison would show.
        foreach (string filler in (string[])["a", "\u00C3\u00A9"])
        {
            for (int length = 0; length <= 100; length++)
            {
                for (int at = 0; at <= Math.Min(length, 70); at++)
                {
                    string content = string.Concat(Enumerable.Repeat(filler, at)) + special + string.Concat(Enumerable.Repeat(filler, length - at));
                    bool quote = special == "\"";
                    Expect($"[\"{content}\"]", expected);
                    Expect($"\"{content}\"", quote ? Verdict.Accepted : expected);
                    Expect($"\"{content}", quote ? Verdict.Accepted : Verdict.Rejected);
                }
            }
        }

        void Expect(string json, Verdict verdict)
        {
            byte[] bytes = Encoding.Latin1.GetBytes(json);
            Verdict actual = Check(bytes, 0, bytes.Length);
            Assert.True(actual == verdict, $"{name}: expected {verdict}, got {actual} for {Show(bytes)}");
        }
    }

    [Fact]
    public void The_value_may_start_after_whitespace_and_its_tokens_are_absolute_offsets()
    {
        byte[] bytes = Encoding.Latin1.GetBytes("junk \t\r\n{\"a\":[1,\"x\"]} more");

        Assert.Equal(Verdict.Accepted, Check(bytes, 4, bytes.Length));
        Assert.True(_scanned.TryAppendValue(4, bytes.Length, out JsonField value, out int end));
        Assert.Equal("{\"a\":[1,\"x\"]}", Encoding.Latin1.GetString(value.RawJson));
        Assert.Equal(bytes.Length - " more".Length, end);
        Assert.Equal(8, _scanned.Tokens[value.TokenIndex].Start);
    }

    [Fact]
    public void A_value_ending_exactly_at_the_limit_is_accepted_and_bytes_past_the_limit_are_never_read()
    {
        byte[] bytes = Encoding.Latin1.GetBytes("{\"a\":[1,\"x\"]}]}\"");
        int limit = bytes.Length - 3;

        Assert.Equal(Verdict.Accepted, Check(bytes, 0, limit));
        Assert.True(_scanned.TryAppendValue(0, limit, out _, out int end));
        Assert.Equal(limit, end);

        // A number or string cut by the limit: bytes past it would make it longer or close it.
        Assert.Equal(Verdict.Accepted, Check(Encoding.Latin1.GetBytes("12345"), 0, 3));
        Assert.Equal(Verdict.Rejected, Check(Encoding.Latin1.GetBytes("1.5"), 0, 2));
        Assert.Equal(Verdict.Rejected, Check(Encoding.Latin1.GetBytes("\"abc\""), 0, 4));
        Assert.Equal(Verdict.Rejected, Check(Encoding.Latin1.GetBytes("true"), 0, 3));
        Assert.Equal(Verdict.Rejected, Check(Encoding.Latin1.GetBytes("{} "), 1, 1));
    }

    [Fact]
    public void A_value_running_past_the_limit_gives_up_at_every_cut()
    {
        byte[] bytes = Encoding.Latin1.GetBytes(
            "{\"a\":[1,\"xy\\n\",true,null,{\"b\":-2.5e3}],\"long\":\"" + new string('z', 70) + "\",\"c\":false}");

        for (int limit = 0; limit < bytes.Length; limit++)
        {
            Assert.Equal(Verdict.Rejected, Check(bytes, 0, limit));
            Assert.Equal(Verdict.Rejected, CheckAfterPrefix(bytes.AsSpan(0, limit).ToArray()));
        }

        Assert.Equal(Verdict.Accepted, Check(bytes, 0, bytes.Length));
    }

    [Fact]
    public void Giving_up_leaves_the_buffer_as_it_was_even_after_its_token_array_grew()
    {
        // 3,000 elements need a bigger token array than a fresh buffer's before the missing bracket is found.
        byte[] bytes = Encoding.Latin1.GetBytes(Prefix + "[" + string.Join(",", Enumerable.Range(0, 3000)) + ",{}");
        _scanned.Reset(bytes);
        IndexWithReader(_scanned, bytes, 0, Prefix.Length);
        int before = _scanned.TokenCount;
        (int, int, int, JsonFieldKind, bool)[] prior = Rows(_scanned);

        Assert.False(_scanned.TryAppendValue(Prefix.Length, bytes.Length, out JsonField value, out _));

        Assert.Equal(default, value);
        Assert.Equal(before, _scanned.TokenCount);
        Assert.Equal(prior, Rows(_scanned));

        // The buffer is still usable: the next value lands right after the prefix's tokens.
        Assert.True(_scanned.TryAppendValue(0, Prefix.Length, out JsonField again, out _));
        Assert.Equal(before, again.TokenIndex);
        Assert.Equal(2 * before, _scanned.TokenCount);
        Assert.Equal(Prefix.TrimEnd(), Encoding.Latin1.GetString(again.RawJson));
        Assert.Equal(prior, Rows(_scanned)[..before]);
    }

    // Realistic records (written for these tests) and small snippets the mutations start from.
    private static readonly string[] Seeds =
    [
        """{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:deploy-session","arn":"arn:aws:sts::210987654321:assumed-role/Deploy/deploy-session","accountId":"210987654321","sessionContext":{"attributes":{"creationDate":"2025-03-14T08:15:00Z","mfaAuthenticated":"false"},"sessionIssuer":{"type":"Role","userName":"Deploy"}}},"eventTime":"2025-03-14T08:16:02Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64","requestParameters":{"userName":"ci-bot"},"responseElements":{"accessKey":{"status":"Active","createDate":"Mar 14, 2025 8:16:02 AM","userName":"ci-bot"}},"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"210987654321","tlsDetails":{"tlsVersion":"TLSv1.3","clientProvidedHostHeader":"iam.amazonaws.com"}}""",
        "{\r\n\t\"eventVersion\": \"1.09\",\r\n\t\"userIdentity\": { \"type\": \"IAMUser\", \"userName\": \"al\\u00e9x\", \"accessKeyId\": \"AKIAEXAMPLEKEY\" },\r\n\t\"eventTime\": \"2025-06-01T23:59:59Z\",\r\n\t\"eventSource\": \"s3.amazonaws.com\",\r\n\t\"eventName\": \"GetObject\",\r\n\t\"userAgent\": \"Mozilla/5.0 \\\"quoted\\\" \\\\path\\\\ \\/slash\\/ tab\\there \\ud83d\\ude00 after\",\r\n\t\"requestParameters\": { \"bucketName\": \"logs-bucket\", \"key\": \"2025/06/01/part-00000.gz\", \"Host\": \"logs-bucket.s3.eu-west-1.amazonaws.com\" },\r\n\t\"additionalEventData\": { \"bytesTransferredIn\": 0, \"bytesTransferredOut\": 1024.5, \"ratio\": -3.2E-4, \"x\": 6.02e+23 },\r\n\t\"resources\": [ { \"ARN\": \"arn:aws:s3:::logs-bucket/2025/06/01/part-00000.gz\", \"type\": \"AWS::S3::Object\" }, { } ],\r\n\t\"errorCode\": null, \"readOnly\": true, \"vpcEndpointId\": \"vpce-0123456789abcdef0\"\r\n}\r\n",
        """{"version":"0","id":"e1","detail-type":"AWS API Call via CloudTrail","source":"aws.cloudtrail","detail":{"eventName":"PutObject","eventSource":"s3.amazonaws.com","eventTime":"2025-01-01T00:00:00Z"},"detail":1,"detail-type":"again"}""",
        """{"event\u004eame":"Escaped","eventName":"Plain","eventSource":"ec2.amazonaws.com","userIdentity":{"ty\u0070e":"Root","type":"IAMUser"},"errorCode":"AccessDenied"}""",
        """{"eventVersion":"1.05","userIdentity":{"type":"Root","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012"},"eventTime":"2025-01-02T03:04:05Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.99","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) 日本語 ünïcödé","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAUsed":"No"},"eventID":"3f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8","eventCategory":"Management","tags":[[],[[1,2],[3]],["a","b"],-0,0.5]}""",
        new string('[', EventBuffer.ScanMaxDepth - 2) + "{\"deep\":[\"x\"]}" + new string(']', EventBuffer.ScanMaxDepth - 2), // as deep as scanned
        "[]",
        "{}",
        "[1,2.5,-3e7,true,false,null,\"s\"]",
        "{\"a\":{\"b\":{\"c\":[[],[{}]]}}}",
        "\"plain text that is longer than thirty-two bytes for the vector path\"",
        "\"esc\\n\\t\\u0041\\\"\\\\\"",
        "0",
        "-12.5E+3",
        "[ \"x\" , { \"k\" : \"v\" } ]",
        "true",
        "null",
        "{\"k\":false}",
    ];

    private static readonly byte[] Alphabet = Encoding.Latin1.GetBytes("{}[]:,\"\\ 0123456789-+.eEtrufalsn");

    // Bytes after the limit that would complete or extend a cut value if the scanner read past it.
    private static readonly string[] PastLimit = ["", "\"", "}", "]}", "0", "e5", "\"}]}", "ue", " "];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Mutants_are_accepted_only_as_the_reader_accepts_them(int seed)
    {
        const int cases = 5_000;
        var random = new Random(seed);
        byte[][] seeds = [.. Seeds.Select(Encoding.UTF8.GetBytes)];
        int readerAccepted = 0, readerRejected = 0, scannerAccepted = 0, tooDeep = 0;
        for (int n = 0; n < cases; n++)
        {
            byte[] mutant = Mutate(seeds[random.Next(seeds.Length)], random);
            string prefix = random.Next(2) == 0 ? Prefix : "";
            int limit = random.Next(8) == 0 ? random.Next(mutant.Length + 1) : mutant.Length;
            byte[] bytes = [.. Encoding.Latin1.GetBytes(prefix), .. mutant.AsSpan(0, limit), .. Encoding.Latin1.GetBytes(PastLimit[random.Next(PastLimit.Length)])];
            Verdict verdict = Check(bytes, prefix.Length, prefix.Length + limit, prefix.Length, $"seed {seed} case {n}: ");
            switch (verdict)
            {
                case Verdict.Accepted:
                    readerAccepted++;
                    scannerAccepted++;
                    break;
                case Verdict.Rejected:
                    readerRejected++;
                    break;
                case Verdict.GivesUp:
                    readerAccepted++;
                    // Giving up on valid text sends the caller to the slow path: only deep nesting, invalid UTF-8 and a
                    // top-level number the reader ends at '/' are reasons to.
                    (int Start, int Length, int Next, JsonFieldKind Kind, bool Escaped)[] rows = Rows(_reference);
                    (int Start, int Length, int Next, JsonFieldKind Kind, bool Escaped) value = rows[prefix.Length == 0 ? 0 : rows[0].Next];
                    bool deep = MaxDepth(rows) > EventBuffer.ScanMaxDepth;
                    Assert.True(deep || !Utf8.IsValid(bytes.AsSpan(value.Start, value.Length))
                        || (value.Kind == JsonFieldKind.Number && bytes[value.Start + value.Length] == (byte)'/'),
                        $"seed {seed} case {n}: the scanner gave up on valid text {Show(bytes)} start {prefix.Length} limit {prefix.Length + limit}");
                    tooDeep += deep ? 1 : 0;
                    break;
            }
        }

        output.WriteLine($"seed {seed}: {cases} mutants; reader accepted {readerAccepted}, rejected {readerRejected}; "
            + $"scanner accepted {scannerAccepted}, gave up on {readerAccepted - scannerAccepted} valid ones "
            + $"({tooDeep} nested deeper than {EventBuffer.ScanMaxDepth})");
        Assert.InRange(scannerAccepted, cases / 10, cases);
        Assert.InRange(readerRejected, cases / 10, cases);
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        for (int mutations = random.Next(1, 4); mutations > 0; mutations--)
        {
            int at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0:
                    if (at < bytes.Count)
                    {
                        bytes.RemoveAt(at);
                    }

                    break;
                case 1:
                    bytes.Insert(at, RandomByte(random));
                    break;
                case 2:
                    if (at < bytes.Count)
                    {
                        bytes[at] = RandomByte(random);
                    }

                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        int from = random.Next(bytes.Count);
                        int length = random.Next(1, Math.Min(24, bytes.Count - from) + 1);
                        bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(from, length));
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static byte RandomByte(Random random) => random.Next(10) switch
    {
        < 7 => Alphabet[random.Next(Alphabet.Length)],
        < 9 => (byte)random.Next(0x20),
        _ => (byte)random.Next(0x7F, 0x100),
    };

    /// <summary>Containers nested at the deepest point of the indexed values.</summary>
    private static int MaxDepth((int Start, int Length, int Next, JsonFieldKind Kind, bool Escaped)[] rows)
    {
        var open = new Stack<int>();
        int max = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            while (open.Count > 0 && open.Peek() <= i)
            {
                open.Pop();
            }

            if (rows[i].Kind is JsonFieldKind.Object or JsonFieldKind.Array)
            {
                open.Push(rows[i].Next);
                max = Math.Max(max, open.Count);
            }
        }

        return max;
    }

    private Verdict CheckAfterPrefix(byte[] json)
    {
        byte[] bytes = [.. Encoding.Latin1.GetBytes(Prefix), .. json];
        return Check(bytes, Prefix.Length, bytes.Length, Prefix.Length);
    }

    /// <summary>
    /// Indexes the value at <paramref name="start"/> (before <paramref name="limit"/>) with the reader and with the
    /// scanner, each on a freshly reset buffer that first indexes <c>bytes[..prefix]</c> with the reader, and fails
    /// unless the scanner agrees with the reader or gives up leaving the buffer as it was.
    /// </summary>
    private Verdict Check(byte[] bytes, int start, int limit, int prefix = 0, string context = "")
    {
        _reference.Reset(bytes);
        _scanned.Reset(bytes);
        if (prefix > 0)
        {
            IndexWithReader(_reference, bytes, 0, prefix);
            IndexWithReader(_scanned, bytes, 0, prefix);
        }

        int before = _scanned.TokenCount;
        (int, int, int, JsonFieldKind, bool)[] prior = Rows(_scanned);
        int readerEnd;
        bool readerAccepts;
        try
        {
            readerEnd = IndexWithReader(_reference, bytes, start, limit);
            readerAccepts = true;
        }
        catch (JsonException)
        {
            readerEnd = -1;
            readerAccepts = false;
        }

        bool scannerAccepts = _scanned.TryAppendValue(start, limit, out JsonField value, out int end);
        if (!scannerAccepts)
        {
            if (_scanned.TokenCount != before || !Rows(_scanned).AsSpan().SequenceEqual(prior))
            {
                Fail("the scanner gave up but changed the buffer");
            }

            return readerAccepts ? Verdict.GivesUp : Verdict.Rejected;
        }

        if (!readerAccepts)
        {
            Fail("the scanner accepted what Utf8JsonReader rejects");
        }

        if (end != readerEnd)
        {
            Fail($"the scanner ended at {end}, the reader at {readerEnd}");
        }

        if (value.TokenIndex != before || !ReferenceEquals(value.Buffer, _scanned))
        {
            Fail($"the scanner returned token {value.TokenIndex}, not {before}");
        }

        (int, int, int, JsonFieldKind, bool)[] expected = Rows(_reference), actual = Rows(_scanned);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            Fail($"the tokens differ\nreader:  {string.Join(" ", expected)}\nscanner: {string.Join(" ", actual)}");
        }

        // The scanner notes the root object's known members as it goes; registered as an event, it must find the
        // same ones as the walk over the members that the reader's index gets, and so must member lookups.
        if (value.Kind == JsonFieldKind.Object)
        {
            int referenceEvent = _reference.AddEvent(new JsonField(_reference, before));
            int scannedEvent = _scanned.AddEvent(value);
            for (int field = 0; field < KnownField.Count; field++)
            {
                if (_reference.KnownToken(referenceEvent, field) != _scanned.KnownToken(scannedEvent, field))
                {
                    Fail($"known field {field}: the scanner's event has token {_scanned.KnownToken(scannedEvent, field)}, the reader's {_reference.KnownToken(referenceEvent, field)}");
                }
            }

            foreach (string name in (string[])["eventName", "eventTime", "detail-type", "detail", "userIdentity", "requestParameters", "a", "p"])
            {
                if (new JsonField(_reference, before).Property(name).TokenIndex != value.Property(name).TokenIndex)
                {
                    Fail($"Property(\"{name}\") differs");
                }
            }
        }

        return Verdict.Accepted;

        void Fail(string what) => Assert.Fail($"{context}{what}: {Show(bytes)} start {start} limit {limit}");
    }

    /// <summary>Indexes <c>bytes[start..limit]</c> with the reference reader; returns the end offset.</summary>
    private static int IndexWithReader(EventBuffer buffer, byte[] bytes, int start, int limit)
    {
        var reader = new Utf8JsonReader(bytes.AsSpan(start, limit - start), ReaderOptions);
        buffer.AppendValue(ref reader, start);
        return start + (int)reader.BytesConsumed;
    }

    private static (int Start, int Length, int Next, JsonFieldKind Kind, bool Escaped)[] Rows(EventBuffer buffer)
    {
        var rows = new (int, int, int, JsonFieldKind, bool)[buffer.TokenCount];
        for (int i = 0; i < rows.Length; i++)
        {
            Token t = buffer.Tokens[i];
            rows[i] = (t.Start, t.Length, t.Next, t.Kind, t.Escaped);
        }

        return rows;
    }

    /// <summary>The bytes as a C# string literal of one char per byte, to paste into <see cref="Cases"/>.</summary>
    private static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in bytes)
        {
            text.Append(b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\u{b:X4}",
            });
        }

        return text.Append('"').ToString();
    }
}

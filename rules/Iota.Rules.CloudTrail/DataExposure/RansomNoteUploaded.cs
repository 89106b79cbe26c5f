using Iota.Rules.CloudTrail.Shared;
using Iota.Sdk;

namespace Iota.Rules.CloudTrail.DataExposure;

public sealed class RansomNoteUploaded : Rule
{
    private static readonly string[] RansomWords = ["ransom", "decrypt"];
    private static readonly string[] NoteExtensions = [".txt", ".html", ".htm", ".hta", ".md", ".rtf"];
    private static readonly string[] InstructionWords = ["readme", "read_me", "read-me", "how_to", "how-to", "howto"];
    // Either list in the key makes the file name worth a closer look; one pass over the key tests both.
    private static readonly SubstringSet KeyWords = new([.. RansomWords, .. InstructionWords]);
    private static readonly string[] RecoveryWords = ["recover", "restore", "unlock", "decrypt", "files", "data"];

    public override string Id => "AWS.S3.RansomNoteUploaded";

    public override Severity Severity => Severity.High;

    public override string Description =>
        "An object was written whose file name reads like a ransom note (for example HOW_TO_RECOVER_FILES.txt or " +
        "README_DECRYPT.html). S3 ransomware encrypts or deletes objects and leaves such a note in each bucket or " +
        "prefix. Needs S3 data events in the trail.";

    public override string Runbook =>
        "Read the object. If it is a ransom note, disable the writing principal's credentials at once, check " +
        "versioning and Object Lock on the bucket, and look for bulk CopyObject/PutObject with SSE-C or DeleteObject " +
        "by the same principal. Recover from previous versions or backups; do not contact the sender before legal " +
        "and incident leads are involved.";

    public override string Reference => "https://attack.mitre.org/techniques/T1486/";

    public override IReadOnlyList<string> Tags => ["T1486", "T1485", "Impact"];

    public override IReadOnlyList<string> EventSources => ["s3.amazonaws.com"];

    public override IReadOnlyList<string> EventNames => ["PutObject"];

    public override bool Match(Event e)
    {
        JsonField key = e.RequestParameters.Property("key"u8);
        if (e.IsError || !key.ContainsAnyIgnoreCase(KeyWords))
        {
            return false;
        }

        // Only the file name counts: a "decrypt" folder or a restore-tool prefix is ordinary engineering.
        string fileName = FileName(key);
        // "decrypt" alone also names ordinary tools (kms-decrypt-helper.zip), so it needs a note-like extension.
        return fileName.Contains("ransom", StringComparison.OrdinalIgnoreCase)
            || (fileName.Contains("decrypt", StringComparison.OrdinalIgnoreCase) && HasNoteExtension(fileName))
            || (ContainsAny(fileName, InstructionWords) && ContainsAny(fileName, RecoveryWords));
    }

    public override string Title(Event e) =>
        $"{e.UserIdentity.DisplayName()} wrote possible ransom note {FileName(e.RequestParameters.Property("key"u8))} to S3 bucket {e.RequestParameters.Property("bucketName"u8)}";

    // A ransomware run drops the same note into many prefixes; one alert per actor and bucket is enough.
    public override string Dedup(Event e) => $"{e.UserIdentity.DisplayName()}:{e.RequestParameters.Property("bucketName"u8)}";

    public override IReadOnlyDictionary<string, object?> AlertContext(Event e) => new ResponderContext(e, actorKey: "actor")
    {
        ["bucket"] = e.RequestParameters.Property("bucketName"u8),
        ["key"] = e.RequestParameters.Property("key"u8),
        ["serverSideEncryption"] = e.RequestParameters.Property("x-amz-server-side-encryption"u8),
    };

    private static string FileName(JsonField key)
    {
        string path = key.AsString() ?? "";
        return path[(path.LastIndexOf('/') + 1)..];
    }

    private static bool HasNoteExtension(string fileName)
    {
        foreach (string extension in NoteExtensions)
        {
            if (fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAny(string value, string[] words)
    {
        foreach (string word in words)
        {
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

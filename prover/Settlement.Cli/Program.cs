// Placeholder entry point; the CLI is built out in the product-surface issue.
Console.Error.WriteLine("settle: no commands yet");
return 2;

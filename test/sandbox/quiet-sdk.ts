// Imported first by the sandbox scripts: the sandbox supports Node.js 20 on purpose, so the AWS
// SDK's notice that later SDK releases need Node.js 22 would only clutter the demo output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

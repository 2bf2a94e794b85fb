/**
 * An error in the AWS query protocol's wire form (`<ErrorResponse xmlns=…><Error><Type>Sender</Type>
 * <Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`), which STS
 * and SNS both answer; each service's error class gives its namespace. The AWS SDK names the
 * exception from the code.
 */
export abstract class QueryProtocolError extends Error {
  protected abstract readonly namespace: string;

  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }

  toXml(requestId: string): string {
    return (
      `<ErrorResponse xmlns="${this.namespace}"><Error><Type>${this.type}</Type><Code>${escapeXml(this.code)}</Code>` +
      `<Message>${escapeXml(this.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
    );
  }
}

/** Text as XML character data or an attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

package dev.cacheaside.rest;

import java.io.IOException;
import java.io.PushbackInputStream;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * Refuses a request body that starts with a UTF-8 byte order mark (400, malformed JSON body). RFC 8259 says JSON
 * text sent over the network must not begin with one; Jackson would skip it silently, and the README promises bodies
 * read strictly. Runs only when a body is read, so reads (GET) never pass here.
 */
@Provider
public class NoByteOrderMark implements ReaderInterceptor {

    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        PushbackInputStream body = new PushbackInputStream(context.getInputStream(), BOM.length);
        byte[] head = body.readNBytes(BOM.length);
        if (head.length == BOM.length && head[0] == BOM[0] && head[1] == BOM[1] && head[2] == BOM[2]) {
            throw new BadRequestException("malformed JSON body",
                    "the body starts with a byte order mark, which JSON sent over a network must not (RFC 8259)");
        }
        body.unread(head);
        context.setInputStream(body);
        return context.proceed();
    }
}

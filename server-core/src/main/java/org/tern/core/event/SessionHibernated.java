package org.tern.core.event;

import org.tern.core.session.ClientSession;

/**
 * A session's connection dropped but the session stays bound, resumable (XEP-0198): its presence
 * stays and stanzas for it are queued until it resumes or the resumption timeout ends it.
 */
public record SessionHibernated(ClientSession session) {
}

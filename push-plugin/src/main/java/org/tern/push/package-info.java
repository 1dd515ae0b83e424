/** Push notifications (XEP-0357) and the app server component: to come with its issue. */
package org.tern.push;

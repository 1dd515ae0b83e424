/** Component hosting and the XEP-0045 MUC service: to come with its issue. */
package org.tern.components;

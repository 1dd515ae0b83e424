/** XEP-0280 Message Carbons, a kernel feature registered through the module SPI. */
package org.tern.core.carbons;

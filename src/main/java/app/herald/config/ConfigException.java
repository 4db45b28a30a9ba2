package app.herald.config;

import app.herald.HeraldException;

/** A configuration value that cannot be used; the message names the key and what is wrong. */
public class ConfigException extends HeraldException {
    public ConfigException(String message) {
        super(message);
    }
}

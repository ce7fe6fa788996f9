DROP TABLE bot_texts;

// The flow language's lexer (see docs in FlowParser.g4 and the language
// sketch). Modes: DEFAULT (declarations and statements), STRING (the inside
// of a "..." literal) and PLACEHOLDER (the inside of `{...}` in a string).
// No actions or predicates: the parse adapter (compiler/parse) reports the
// error tokens (ERROR_CHAR, UNTERMINATED_COMMENT, STR_BAD_ESCAPE,
// STR_BAD_BRACE) as diagnostics.
lexer grammar FlowLexer;

channels { ERRORS }

// STR_LIT: a whole string literal whose parts the parser's `text` rule
// accepts as they are and none of which is reported (no bad escape or
// brace). This lexer never makes it: compiler/parse's TokenBuffer passes
// such a string to the parser as one STR_LIT token instead of its parts
// (STR_OPEN ... STR_CLOSE) and keeps the parts for the AST builder.
tokens { STR_LIT }

// ---- keywords (soft ones are listed in FlowParser.g4's `name`) ----------
FLOW      : 'flow' ;
START     : 'start' ;
IMPORT    : 'import' ;
CATALOG   : 'catalog' ;
ENUM      : 'enum' ;
FORM      : 'form' ;
VAR       : 'var' ;
SECTION   : 'section' ;
STEP      : 'step' ;
BY        : 'by' ;
RULE      : 'rule' ;
REQUIRED  : 'required' ;
WHEN      : 'when' ;
AUTO      : 'auto' ;
UNUSED    : 'unused' ;
SENSITIVE : 'sensitive' ;
MATCHES   : 'matches' ;
AS        : 'as' ;
SUGGEST   : 'suggest' ;
SAY       : 'say' ;
NOTE      : 'note' ;
DO        : 'do' ;
OPTIONAL  : 'optional' ;
ASK       : 'ask' ;
INPUT     : 'input' ;
IN        : 'in' ;
SET       : 'set' ;
IF        : 'if' ;
ELSE      : 'else' ;
GOTO      : 'goto' ;
CREATE    : 'create' ;
COMPLETE  : 'complete' ;
CHARGE    : 'charge' ;
INVOICE   : 'invoice' ;
TAKE      : 'take' ;
PAYMENT   : 'payment' ;
TRANSFER  : 'transfer' ;
END       : 'end' ;
OR        : 'or' ;
AND       : 'and' ;
NOT       : 'not' ;
IS        : 'is' ;
TRUE      : 'true' ;
FALSE     : 'false' ;
PRICE     : 'price' ;
KEY       : 'key' ;
MONTHLY   : 'monthly' ;   // catalog: `14.99 monthly`
OF        : 'of' ;        // catalog: `4% of charges`
CHARGES   : 'charges' ;
TODAY     : 'today' ;
NOW       : 'now' ;
DAY       : 'day' ;
DAYS      : 'days' ;
MONTH     : 'month' ;
MONTHS    : 'months' ;
YEAR      : 'year' ;
YEARS     : 'years' ;

// ---- punctuation ----------------------------------------------------------
ARROW     : '->' ;
EQ        : '==' ;
NE        : '!=' ;
LE        : '<=' ;
GE        : '>=' ;
LT        : '<' ;
GT        : '>' ;
ASSIGN    : '=' ;
PLUS      : '+' ;
MINUS     : '-' ;   // after ARROW: `->` is one token
STAR      : '*' ;
SLASH     : '/' ;
LBRACE    : '{' ;
RBRACE    : '}' ;
LPAREN    : '(' ;
RPAREN    : ')' ;
COLON     : ':' ;
COMMA     : ',' ;
DOT       : '.' ;
AT        : '@' ;
PERCENT   : '%' ;

// ---- literals and names ---------------------------------------------------
// A date (`2026-12-03`, ISO: four, two and two digits) and a time of day
// (`14:30`, `9:05`). Subtraction needs spaces (`2026 - 12`), as for names.
DATE      : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
TIME      : DIGIT DIGIT? ':' DIGIT DIGIT ;
DECIMAL   : DIGIT+ '.' DIGIT+ ;
INT       : DIGIT+ ;
// A step ID or identifier: single '-' joins parts; a trailing '-' is not
// part of the name, so `s1->s2` is s1 '->' s2.
ID        : NAME_START NAME_CHAR* ('-' NAME_CHAR+)* ;
STR_OPEN  : '"' -> pushMode(STRING) ;

// ---- trivia -----------------------------------------------------------------
WS                   : [ \t\r\n\f\u000B\uFEFF]+ -> skip ;
LINE_COMMENT         : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT        : '/*' .*? '*/' -> channel(HIDDEN) ;
// The longest prefix of an unclosed `/*` comment: it never contains `*/`,
// so a closed comment (one character longer) always wins.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* -> channel(HIDDEN) ;
ERROR_CHAR           : . -> channel(ERRORS) ;

fragment DIGIT      : [0-9] ;
fragment NAME_START : [A-Za-z_] ;
fragment NAME_CHAR  : [A-Za-z0-9_] ;

// ---- inside a string --------------------------------------------------------
mode STRING;
STR_CLOSE      : '"' -> popMode ;
STR_TEXT       : ~["\\{}]+ ;
STR_ESCAPE     : '\\' ["\\nt{}] ;
STR_BAD_ESCAPE : '\\' .? ;
// A brace group shaped like a regex quantifier (`{6}`, `{2,3}`, `{2,}`) is
// literal text, so patterns need no escapes.
STR_QUANT      : '{' DIGIT+ (',' DIGIT*)? '}' ;
// `{` followed by a name opens a placeholder; the token holds the first
// name (`{price` is its own token so `{price 320}` is unambiguous).
PH_PRICE_OPEN  : '{' [ \t]* 'price' -> pushMode(PLACEHOLDER) ;
PH_OPEN        : '{' [ \t]* NAME_START NAME_CHAR* ('-' NAME_CHAR+)* -> pushMode(PLACEHOLDER) ;
// Any other `{` is an invalid placeholder; a lone `}` is literal text.
STR_BAD_BRACE  : '{' ;
STR_RBRACE     : '}' ;

// ---- inside `{...}` -----------------------------------------------------------
mode PLACEHOLDER;
PH_CLOSE       : '}' -> popMode ;
PH_DOT         : '.' ;
PH_INT         : DIGIT+ ;
PH_NAME        : NAME_START NAME_CHAR* ('-' NAME_CHAR+)* ;
PH_WS          : [ \t]+ -> skip ;
// A quote ends the string even inside an unclosed placeholder.
PH_QUOTE       : '"' -> type(STR_CLOSE), mode(DEFAULT_MODE) ;
PH_BAD         : . ;

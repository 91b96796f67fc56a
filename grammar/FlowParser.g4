// The flow language's parser grammar (tokens from FlowLexer.g4). The
// contract is shared/design/language-sketch.md; the parse adapter
// (compiler/parse) turns the parse tree into ast::File. No rule actions or
// predicates; the generated parser derives from FlowParserBase.h, which
// makes ANTLR's per-rule entry and exit cheaper and changes nothing else.
// Left factoring keeps decisions LL(1)/LL(2) where it is cheap (`if` jump
// vs block, charge item vs amount).
parser grammar FlowParser;

options { tokenVocab = FlowLexer; superClass = FlowParserBase; }

@parser::header { #include "FlowParserBase.h" }

file : decl* EOF ;

// ---- declarations -----------------------------------------------------------
decl
  : flowDecl
  | startDecl
  | importDecl
  | catalogDecl
  | enumDecl
  | formDecl
  | varDecl
  | sectionDecl
  | stepDecl
  ;

flowDecl    : FLOW name title=text? ;
startDecl   : START name ;
importDecl  : IMPORT text ;

catalogDecl : CATALOG name LBRACE catalogItem* RBRACE ;
// `401 "BASIC PLAN" 29.99`, `610 "PROTECTION" 14.99 monthly` (the first
// month is charged), `611 "SURCHARGE" 4% of charges` (of the open charges
// when it is charged).
catalogItem : INT text money (MONTHLY | PERCENT OF CHARGES)? ;
money       : DECIMAL | INT ;

enumDecl    : ENUM name LBRACE enumValue* RBRACE ;
enumValue   : name text? ;

formDecl    : FORM name label=text? LBRACE formMember* RBRACE ;
formMember  : fieldSpec | ruleDecl ;
ruleDecl    : RULE text COLON expr ;
fieldSpec   : fieldName=name label=text? COLON typeName=name fieldModifier* ;
fieldModifier
  : ASSIGN expr                  # defaultModifier
  | REQUIRED (WHEN expr)?        # requiredModifier
  | AUTO                         # autoModifier
  | UNUSED                       # unusedModifier
  | SENSITIVE                    # sensitiveModifier
  | MATCHES pattern=text (AS description=text)?  # matchesModifier
  | SUGGEST text+                # suggestModifier
  ;

varDecl     : VAR fieldSpec ;

sectionDecl : sectionHead stepDecl* RBRACE ;
// Its own rule so that a clean parse can take a long section a step at a
// time (compiler/parse/parse.cpp, parseClean).
sectionHead : SECTION title=text (BY role=text)? LBRACE ;
stepDecl    : attribute* STEP id=name title=text? (BY role=text)? block ;
attribute   : AT attrName=name (LPAREN (args+=name (COMMA args+=name)*)? RPAREN)? ;

// ---- statements -------------------------------------------------------------
block : LBRACE statement* RBRACE ;

statement
  : SAY text                                        # sayStmt
  | NOTE text                                       # noteStmt
  | DO OPTIONAL? text (ARROW result=qualName)?             # doStmt
  | ASK text LBRACE askOption* RBRACE               # askStmt
  | INPUT qualName text? (IN allowed+=name (COMMA allowed+=name)*)? # inputStmt
  | SET qualName ASSIGN expr                        # setStmt
  | IF expr ifRest                                  # ifStmt
  | GOTO name                                       # gotoStmt
  | CREATE name LBRACE fieldInit* RBRACE            # createStmt
  | COMPLETE name                                   # completeStmt
  | CHARGE chargeWhat                               # chargeStmt
  | INVOICE                                         # invoiceStmt
  | TAKE PAYMENT paymentElse?                       # takePaymentStmt
  | TRANSFER text                                   # transferStmt
  | END text?                                       # endStmt
  ;

askOption   : text (KEY optionKey)? (ARROW name | block) ;
// A key: digits (`key 92`, spelt as written: `key 01` is not `key 1`) or a
// string of phone keys (`key "*"`, `key "#"`, `key "*9"`).
optionKey   : INT | text ;
ifRest
  : ARROW thenStep=name (ELSE ARROW elseStep=name)? # ifJump
  | thenBlock=block elseIf* (ELSE elseBlock=block)? # ifBlock
  ;
elseIf      : ELSE IF expr block ;
fieldInit   : name ASSIGN expr ;
chargeWhat
  : INT                                             # chargeItem
  | qualName text?                                  # chargeAmount
  ;
paymentElse : ELSE (ARROW name | block) ;

// ---- expressions --------------------------------------------------------------
// Precedence, loosest first: or < and < not < comparisons and `[not] in
// {...}` (non-associative) < + - < * / < a unit (`30 days`) < unary - <
// `is [not] set` < primary. The rules are flatter than that list, for
// speed (a rule call is the dearest step of an ANTLR parse): `and`/`or`
// share one chain and `+ - * /` another, and the parse adapter
// (compiler/parse/build_exprs.cpp) binds `and` before `or` and `* /` before
// `+ -`, all leaning left. An operand is five rule calls deep, not ten.
expr        : cmpExpr (ops+=(AND | OR) cmpExpr)* ;
cmpExpr
  : (nots+=NOT)* arith
    ( op=(EQ | NE | LT | LE | GT | GE) arith
    | (notIn=NOT)? IN LBRACE elems+=signExpr (COMMA elems+=signExpr)* RBRACE
    )?
  ;
arith       : unaryExpr (ops+=(PLUS | MINUS | STAR | SLASH) unaryExpr)* ;
// `-x`, `x is set`, `30 days` (a count of days, months or years, added to
// or taken from a date); an element of `in {...}` has no unit.
unaryExpr   : MINUS? primary (IS isNot=NOT? SET)? unit=(DAY | DAYS | MONTH | MONTHS | YEAR | YEARS)? ;
signExpr    : MINUS? primary (IS isNot=NOT? SET)? ;
primary
  : text                                            # stringPrimary
  | INT                                             # intPrimary
  | DECIMAL                                         # decimalPrimary
  | (TRUE | FALSE)                                  # boolPrimary
  | INPUT text?                                     # inputPrimary
  | DATE                                            # datePrimary
  | TIME                                            # timePrimary
  | TODAY                                           # todayPrimary
  | NOW                                             # nowPrimary
  // `years(today - Caller.birth)`: whole years, months or days between two dates.
  | (DAYS | MONTHS | YEARS) LPAREN expr RPAREN      # spanPrimary
  | qualName                                        # refPrimary
  | LPAREN expr RPAREN                              # parenPrimary
  ;

// ---- names and text -------------------------------------------------------------
qualName : name (DOT name)* ;
// Keywords that cannot start a declaration or a statement are also names.
name
  : ID
  | BY | WHEN | IN | IS | SUGGEST | MATCHES | AS | PRICE | PAYMENT | OPTIONAL
  | AUTO | UNUSED | SENSITIVE | START | FLOW | FORM | CATALOG | ENUM | IMPORT | SECTION
  | KEY | MONTHLY | OF | CHARGES | TODAY | NOW | DAY | DAYS | MONTH | MONTHS | YEAR | YEARS
  ;

// A string the token buffer found well formed arrives as one STR_LIT token
// (see FlowLexer.g4); any other string part by part.
text : STR_LIT | STR_OPEN textPart* STR_CLOSE ;
textPart
  : STR_TEXT | STR_ESCAPE | STR_BAD_ESCAPE | STR_QUANT | STR_BAD_BRACE | STR_RBRACE
  | placeholder
  ;
placeholder
  : PH_PRICE_OPEN PH_INT PH_CLOSE                   # pricePlaceholder
  | (PH_OPEN | PH_PRICE_OPEN) (PH_DOT PH_NAME)* PH_CLOSE   # refPlaceholder
  ;

package people

// givenNames is a general list of frequent given names in the DACH region,
// the English-speaking world and the largest immigrant and neighbouring
// language groups. It is only ever evidence FOR a name: a candidate whose
// first name is missing here is still accepted when the page structure says
// it is a person (an imprint label, a team card with a role, schema.org
// markup); the list lets weak contexts (a lone bold line) tell "Frank
// Schaefers" from "Digitale Shared".
var givenNames = wordSet(`
	aaron abdul abdullah achim adam adelheid adrian adriana agnes ahmed ahmet aileen alain alan albert alberto
	albrecht alessandra alessandro alex alexa alexander alexandra alexandre alexia alfons alfred alfredo ali alice
	alicia alina aline alisa alison alma alois aloys amanda amelie amina amir amy ana anastasia andre andrea andreas
	andrej andrew andy aneta angela angelika angelo anita anja anke ann anna annabell anne annegret anneliese
	annemarie annette anni annika anton antonia antonio april arne arnold arthur astrid august augusta aurelia axel
	ayse aysel barbara bastian beate beatrice beatrix becky ben benedikt benjamin bernadette bernd bernhard bert
	berta bertram bettina betty bianca birgit birte bjoern björn bob bodo boris brenda brian brigitte bruno burak
	caitlin camilla carina carl carla carlo carlos carmen carol carola carolin carolina caroline carsten casper
	catherine cathrin cecilia cedric celine charles charlie charlotte chiara chris christa christian christiane
	christina christine christoph christopher chuck cindy claire clara claudia claudio claus clemens colin
	conrad constanze cora corinna cornelia cornelius craig cristina daniel daniela daniele danny dario david dean
	debbie deborah denis denise dennis diana diane diego dieter dietmar dietrich dimitri dirk dmitri dominic
	dominik dominique don donald doris dorothea dorothee doug douglas edgar edith eduard edward edwin egon ekaterina
	elena eleonore elias elif elisa elisabeth elise elke ella ellen elmar elsa emil emilia emily emir emma emre
	enrico eric erich erik erika erin ernst erwin esra esther eugen eva evelyn ewald fabian fabienne fabio farah
	fatima fatma federica federico felix ferdinand fernando filip fiona florian francesca francesco franco frank
	franz franziska fred frederik friedrich frieda fritz gabi gabriel gabriela gabriele gary georg george gerald
	gerd gerda gerhard gernot gert gertrud gianluca gilbert gina giovanni gisela giulia giuseppe gottfried grace
	greg gregor gregory gudrun guenter guenther guido gunnar gunter günter günther gustav hakan hamid hana hannah
	hanna hannelore hannes hans harald harry hartmut hasan hassan heidi heike heiko heinrich heinz helen helena
	helene helga helmut hendrik henning henri henrik henry herbert heribert hermann hilde hildegard holger horst
	hubert hugo hussein ian ida ilka ilona ilse imke ina ines inga inge ingo ingrid irene iris irina isabel isabella
	isabelle ismail ivan ivana jack jacob jacqueline jakob james jan jana jane janet janina janine jannik jasmin
	jason jean jeanette jeff jeffrey jennifer jens jeremy jessica jim joachim joanna jochen joe joel johann johanna
	johannes john jon jonas jonathan jordan jorge josef joseph josephine joshua jost joyce juan judith julia julian
	juliane julie julius jürgen juergen jörg joerg jörn joern justin jutta kai karen karin karl karla karsten
	katarina katharina kathrin katja katrin kay keith kemal ken kenneth kerstin kevin kim klara klaus knut konrad
	konstantin kristen kristin kurt kyle lara larissa lars laura lea lena leo leon leonard leonie lisa liselotte
	lorenz lothar louis louise luca lucas lucia ludger ludwig luis luisa lukas luise lutz luz magdalena maik maja
	malte mandy manfred manuel manuela marc marcel marco marcus mareike margarete margit maria mariam marianne
	marie marina mario marion marius mark marko markus marlene marta martha martin martina mary mathias matt
	matteo matthew matthias max maxim maximilian mehmet melanie melissa meike merve mia michael michaela michel
	michelle miguel mike milan miriam mohamed mohammed monika moritz murat mustafa nadine nadja natalie natalia
	natascha nathalie neil nick nico nicolai nicolas nicole niklas nikolai nikolaus nils nina nora norbert
	norman olaf olga oliver olivia omar oskar otto pamela pascal patricia patrick paul paula pauline peter petra
	philip philipp phillip pia pierre pietro rachel rafael rainer ralf ralph ramona raphael rebecca regina reinhard
	reinhold renate rene renée rené richard rick rita robert roberta roberto robin roger roland rolf roman ronald
	rosa rosemarie ruth sabine sabrina sacha sahin sam samantha samira samuel sandra sara sarah sascha sebastian
	selin serkan sergei sergio silke silvia simon simone sina sofia sophia sophie stefan stefanie steffen stephan
	stephanie stephen steve steven susan susanne svea sven svenja tamara tanja tatjana teresa thea theo theresa
	thomas thorsten tilo tim timo tobias tom tomas tony torsten udo ulf ulla ulrich ulrike urs ursula ute uwe
	valentin valentina valerie vanessa vera verena veronika victor victoria viktor viktoria vincent volker walter
	waltraud werner wilhelm willi william wolfgang yannick yasemin yusuf yvonne zoe
	abhishek amit anil anand arjun deepak ganesh kumar manoj mohan nikhil pradeep priya rahul raj rajesh ravi
	sanjay sunil suresh vijay vikram
	agnieszka andrzej anna jakub kasia katarzyna krzysztof magdalena marek michal pawel piotr tomasz wojciech
	jiri jan josef karel lucie martin pavel petr tereza
	ahmad ali fatih hüseyin ibrahim kerem mahmut mehmet osman ozan ramazan selim tarik yasin zeynep
	goran dragan milos nikola stefan zoran marija jelena ana ivan luka
	pedro pablo javier jose josé manuel ana carmen lucia laura marta
	henrik lars nils ole sven anders magnus ingrid karin kerstin birgit
	joost pieter jeroen sanne anouk bram
	lea léa chloé camille manon antoine julien nicolas thomas mathieu sébastien guillaume laurent olivier
	francois françois philippe stéphane jérôme
	andrea antonella giorgio lorenzo marco massimo paolo roberto stefano valerio
	anthony barry bill brandon bruce carol chad connor dan darren dave derek emma eric frances gavin gordon
	graham hannah heather helen jamie jill joan karl kate katie kelly kristina laurence liam lindsay lisa lucy
	luke martha megan melanie nathan nicholas oliver patrick philippa rebecca rob ross russell ryan scott sean
	shaun shane simon stuart terry tina toby tracy trevor valerie wayne
	`)
